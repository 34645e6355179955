"""Packaging: the wheel carries the repository's top-level templates/ and styles/ inside the
package, as cuebook/_theme/ (found at run time by cuebook/render/theme.py).

Only the standard wheel: an editable install reads them from the checkout, and a copy in
site-packages would be a stale namespace portion named ``cuebook``.
"""

from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class ThemeHook(BuildHookInterface):  # type: ignore[misc,unused-ignore]
    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name == "wheel" and version == "standard":
            build_data["force_include"]["templates"] = "cuebook/_theme/templates"
            build_data["force_include"]["styles"] = "cuebook/_theme/styles"
