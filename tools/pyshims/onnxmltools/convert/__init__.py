from .main import convert_sklearn, convert_xgboost  # noqa: F401
