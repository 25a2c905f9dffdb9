"""The Qt-free, SQL-free heart of SLASelect: the evaluation model and every rule on it."""
