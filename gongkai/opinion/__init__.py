"""Public-opinion monitoring, events and their response, and 突发环境事件 pages."""
