"""Gongkai（政务公开平台）: a government-information-disclosure platform."""
