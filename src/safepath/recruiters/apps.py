from django.apps import AppConfig


class RecruitersConfig(AppConfig):
    name = "safepath.recruiters"
    label = "recruiters"
    default_auto_field = "django.db.models.BigAutoField"
