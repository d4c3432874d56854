"""Exception classes under the names Python's onnxruntime raises them."""


class Fail(Exception):
    pass


class InvalidArgument(Exception):
    pass


class NoSuchFile(Exception):
    pass


class NoModel(Exception):
    pass


class InvalidGraph(Exception):
    pass


class NotImplemented(Exception):  # noqa: A001 - onnxruntime's own name
    pass


class RuntimeException(Exception):
    pass
