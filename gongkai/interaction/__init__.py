"""Citizens' messages (领导信箱, 咨询, 建议) with working-day reply limits and the public Q&A."""
