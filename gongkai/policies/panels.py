"""An editor panel on policy pages: whether it needs an interpretation, their states, and what blocks publication."""

from wagtail.admin.panels import Panel


class PolicyStatusPanel(Panel):
    """Read-only: the coupling state of the policy being edited (staff only, never public)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "policies/panels/status.html"

        def get_context_data(self, parent_context=None):
            from gongkai.policies import rules
            from gongkai.policies.selectors import interpretation_overview

            context = super().get_context_data(parent_context)
            policy = self.instance
            context["policy"] = policy
            context["saved"] = bool(policy.pk)
            if policy.pk:
                context["needs_interpretation"] = rules.needs_interpretation(policy)
                context["interpretations"] = interpretation_overview(policy)
                context["exemption"] = rules.approved_exemption(policy)
                context["blockers"] = rules.policy_publication_blockers(policy)
                context["may_see_risk"] = self.request is not None and rules.may_see_risk(self.request.user, policy)
                context["assessment"] = getattr(policy, "risk_assessment", None) if context["may_see_risk"] else None
            return context
