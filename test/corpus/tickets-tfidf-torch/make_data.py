"""Writes tickets.csv: 450 synthetic customer-support tickets in 3 categories (fixed seed)."""
import random

import pandas as pd

random.seed(11)
TOPICS = {
    "billing": (["charged twice", "refund", "invoice", "payment failed", "wrong amount", "subscription fee",
                 "credit card", "billing address", "overcharged", "receipt"],
                ["Why was I {p} this month?", "I need a {p} for my last order", "Please fix the {p} on my account",
                 "There is a problem with my {p}", "Can you explain the {p}?"]),
    "technical": (["app crashes", "login error", "password reset", "page not loading", "sync issue",
                   "error code 500", "update failed", "bluetooth pairing", "slow performance", "blank screen"],
                  ["The {p} happens every time I open it", "Getting a {p} since yesterday", "How do I solve this {p}?",
                   "Still have the {p} after reinstalling", "Help, {p} on my phone"]),
    "shipping": (["package", "delivery", "tracking number", "courier", "parcel", "shipment", "order status",
                  "delivery address", "late arrival", "lost package"],
                 ["Where is my {p}?", "My {p} has not arrived yet", "The {p} shows no update for a week",
                  "Can I change the {p}?", "The {p} was left at the wrong door"]),
}
rows = []
for i in range(450):
    topic = list(TOPICS)[i % 3]
    phrases, templates = TOPICS[topic]
    text = random.choice(templates).format(p=random.choice(phrases))
    if random.random() < 0.3:
        text += random.choice([" Thanks.", " Please help!", " This is urgent.", " Order #" + str(random.randint(1000, 9999))])
    rows.append({"text": text, "category": topic})
pd.DataFrame(rows).sample(frac=1.0, random_state=3).to_csv("tickets.csv", index=False)
