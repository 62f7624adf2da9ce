"""Environmental complaints (12369) on the calendar-day limits of 信访工作条例."""
