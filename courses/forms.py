"""The admin form of the course pages: required fields say what to do (English msgids, French catalogue)."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class CoursePageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page_class = type(self.instance)
        self.fields["title"].error_messages["required"] = page_class.title_required_message
        if "licence" in self.fields:
            self.fields["licence"].error_messages["required"] = page_class._meta.get_field("licence").error_messages[
                "null"
            ]
