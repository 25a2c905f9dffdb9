"""SLASelect: choose a service provider and negotiate its SLA."""

__version__ = "0.1.0"
