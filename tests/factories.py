"""factory_boy factories with Vietnamese data."""

from __future__ import annotations

import factory

from safepath.accounts.models import Agency, User, UserRole
from safepath.accounts.roles import AgencyType, Role

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Giàng", "Sùng", "Vàng", "Đặng", "Bùi"]


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    code = factory.Sequence(lambda n: f"T{n:03d}-MRC")
    name_vi = factory.Sequence(lambda n: f"Trung tâm thử nghiệm {n}")
    name_en = factory.Sequence(lambda n: f"Test centre {n}")
    type = AgencyType.MRC


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    last_name = "Cán bộ"
    agency = factory.SubFactory(AgencyFactory)
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create:
            return
        for role in extracted or [Role.CASEWORKER]:
            UserRole.objects.create(user=self, role=role)
        self.save()
        self.forget_roles()
