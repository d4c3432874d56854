"""End-to-end image preprocessing written the way notebooks write it. gen_image_cases.py runs these with Pillow,
torchvision, OpenCV (and Keras' semantics, see keras_ref.py); image.test.ts translates this file with nb2svc and
runs the TypeScript on the same image bytes. Each function takes the image file's bytes."""
import io

import cv2
import numpy as np
import torchvision.transforms as T
from PIL import Image, ImageOps
from tensorflow.keras.applications import mobilenet_v2
from tensorflow.keras.applications.resnet50 import preprocess_input
from tensorflow.keras.preprocessing import image as keras_image
import tensorflow as tf

MEAN = np.array([0.485, 0.456, 0.406], dtype=np.float32)
STD = np.array([0.229, 0.224, 0.225], dtype=np.float32)

TRANSFORM = T.Compose([
    T.Resize(256),
    T.CenterCrop(224),
    T.ToTensor(),
    T.Normalize(mean=[0.485, 0.456, 0.406], std=[0.229, 0.224, 0.225]),
])


def mnist_invert(image_bytes):
    img = Image.open(io.BytesIO(image_bytes)).convert("L")
    img = ImageOps.invert(img)
    img = img.resize((28, 28), Image.ANTIALIAS)
    x = np.asarray(img, dtype=np.float32) / 255.0
    return x.reshape(1, 1, 28, 28)


def imagenet_pil(image_bytes):
    img = Image.open(io.BytesIO(image_bytes)).convert("RGB")
    w, h = img.size
    scale = 256 / min(w, h)
    img = img.resize((round(w * scale), round(h * scale)), Image.BILINEAR)
    left = (img.width - 224) // 2
    top = (img.height - 224) // 2
    img = img.crop((left, top, left + 224, top + 224))
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - MEAN) / STD
    return x.transpose(2, 0, 1)[np.newaxis, ...]


def imagenet_torchvision(image_bytes):
    img = Image.open(io.BytesIO(image_bytes)).convert("RGB")
    x = TRANSFORM(img).unsqueeze(0)
    return x.numpy()


def yolo_letterbox(image_bytes, new_shape=640):
    img = cv2.imdecode(np.frombuffer(image_bytes, np.uint8), cv2.IMREAD_COLOR)
    h, w = img.shape[:2]
    r = min(new_shape / h, new_shape / w)
    new_unpad = (int(round(w * r)), int(round(h * r)))
    dw = (new_shape - new_unpad[0]) / 2
    dh = (new_shape - new_unpad[1]) / 2
    if (w, h) != new_unpad:
        img = cv2.resize(img, new_unpad, interpolation=cv2.INTER_LINEAR)
    top, bottom = int(round(dh - 0.1)), int(round(dh + 0.1))
    left, right = int(round(dw - 0.1)), int(round(dw + 0.1))
    img = cv2.copyMakeBorder(img, top, bottom, left, right, cv2.BORDER_CONSTANT, value=(114, 114, 114))
    img = img[:, :, ::-1].transpose(2, 0, 1)
    x = np.ascontiguousarray(img, dtype=np.float32) / 255.0
    return x[None]


def keras_resnet(image_bytes):
    img = keras_image.load_img(io.BytesIO(image_bytes), target_size=(224, 224))
    x = keras_image.img_to_array(img)
    x = np.expand_dims(x, axis=0)
    return preprocess_input(x)


def keras_mobilenet(image_bytes):
    img = tf.keras.utils.load_img(io.BytesIO(image_bytes), target_size=(160, 160), interpolation="bilinear")
    x = tf.keras.utils.img_to_array(img)
    return mobilenet_v2.preprocess_input(x[np.newaxis])


def cv2_gray_digits(image_bytes):
    img = cv2.imdecode(np.frombuffer(image_bytes, np.uint8), cv2.IMREAD_GRAYSCALE)
    img = cv2.resize(img, (8, 8), interpolation=cv2.INTER_AREA)
    x = 16.0 * (255 - img.astype(np.float32)) / 255.0
    return x.reshape(1, -1)


def thumbnail_pad(image_bytes):
    img = Image.open(io.BytesIO(image_bytes))
    img.thumbnail((128, 128))
    img = ImageOps.pad(img, (128, 128), color=(0, 0, 0))
    return np.array(img, dtype=np.uint8)


def exif_fit(image_bytes):
    img = ImageOps.exif_transpose(Image.open(io.BytesIO(image_bytes)))
    img = ImageOps.fit(img, (32, 32), Image.Resampling.BICUBIC)
    return np.asarray(img)


def preprocess(image_bytes):
    img = Image.open(io.BytesIO(image_bytes)).convert("RGB").resize((224, 224))
    x = np.asarray(img, dtype=np.float32) / 255.0
    x = (x - MEAN) / STD
    return np.transpose(x, (2, 0, 1))[None]


def safe_preprocess(image_bytes):
    try:
        img = Image.open(io.BytesIO(image_bytes))
    except OSError:
        return None
    return np.asarray(img.convert("L").resize((28, 28)), dtype=np.float32)
