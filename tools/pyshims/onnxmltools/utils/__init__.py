from .main import load_model, save_model, save_text, set_model_doc_string, set_model_domain, set_model_version  # noqa
