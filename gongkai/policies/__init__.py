"""Policies with their interpretations, 舆情风险评估 and 政策问答."""
