from .Classifier import calculate_xgboost_classifier_output_shapes  # noqa: F401
from .Regressor import calculate_linear_regressor_output_shapes  # noqa: F401

SHAPE_CALCULATORS = {
    "XGBClassifier": calculate_xgboost_classifier_output_shapes,
    "XGBRFClassifier": calculate_xgboost_classifier_output_shapes,
    "XGBRegressor": calculate_linear_regressor_output_shapes,
    "XGBRFRegressor": calculate_linear_regressor_output_shapes,
}
