"""Roles and agency types live in safepath.core.roles (the policy needs them); re-exported here."""

from safepath.core.roles import AgencyType, Role

__all__ = ["AgencyType", "Role"]
