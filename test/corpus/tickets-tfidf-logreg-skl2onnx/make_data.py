"""Writes support_tickets.csv: 640 synthetic helpdesk tickets in 4 queues (fixed seed)."""
import random

import pandas as pd

random.seed(2024)
QUEUES = {
    "billing": (["refund", "invoice", "double charge", "payment", "credit card", "subscription", "discount code",
                 "receipt", "price", "bank transfer", "VAT number", "annual plan"],
                ["I was charged twice for my {p}", "Please send me the {p} for March", "Why did the {p} go up?",
                 "My {p} was declined but the money left my account", "How do I get a {p} for the cancelled order?",
                 "Need help with the {p} on my account", "Can you update the {p} on my invoice?"]),
    "bug": (["app", "login page", "dashboard", "export button", "search", "mobile app", "sync", "checkout page",
             "notifications", "dark mode", "upload form", "settings screen"],
            ["The {p} crashes every time I open it", "Error 500 when I use the {p}", "The {p} is stuck on loading",
             "Since the update the {p} shows a blank screen", "The {p} freezes on Android",
             "Getting an exception from the {p}", "The {p} does not work in Firefox"]),
    "shipping": (["package", "parcel", "order", "delivery", "tracking number", "courier", "shipment", "box",
                  "return label", "pickup point"],
                 ["Where is my {p}? It has been ten days", "The {p} arrived damaged", "My {p} was delivered to the wrong address",
                  "Tracking says delivered but no {p} here", "Can I change the address for my {p}?",
                  "The {p} is late, any update?", "The courier lost my {p}"]),
    "account": (["password", "email address", "username", "two factor code", "profile", "account", "security question",
                 "phone number", "login email", "recovery link"],
                ["I forgot my {p}", "How do I change my {p}?", "Please delete my {p} and all my data",
                 "I never received the {p}", "Someone changed my {p} without asking",
                 "My {p} is locked after too many attempts", "Can I merge two accounts with the same {p}?"]),
}
TAILS = ["", "", "", " Thanks.", " Please help!", " This is urgent.", " Order #{n}.", " Ticket ref {n}.",
         " I have been waiting since Monday.", " Best regards, Sam"]

rows = []
for i in range(640):
    queue = list(QUEUES)[i % 4]
    phrases, templates = QUEUES[queue]
    text = random.choice(templates).format(p=random.choice(phrases))
    text += random.choice(TAILS).format(n=random.randint(10000, 99999))
    if random.random() < 0.15:
        text = text.lower()
    if random.random() < 0.04:  # agents file some tickets in the wrong queue
        queue = random.choice(list(QUEUES))
    rows.append({"ticket_id": 5000 + i, "text": text, "queue": queue})
pd.DataFrame(rows).sample(frac=1.0, random_state=7).to_csv("support_tickets.csv", index=False)
