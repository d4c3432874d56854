"""Writes chat_intents.csv: 600 synthetic chatbot utterances in 5 intents (fixed seed)."""
import random

import pandas as pd

random.seed(8)
INTENTS = {
    "greeting": ["hi", "hello there", "hey", "good morning", "hi, anyone here?", "hello, I have a question",
                 "hey there, quick question", "good evening"],
    "order_status": ["where is my order", "has my order shipped yet", "when will my package arrive",
                     "track my order {o}", "order {o} still not here", "what's the status of order {o}",
                     "is my parcel on its way", "my delivery is late"],
    "cancel": ["cancel my order", "I want to cancel order {o}", "please cancel my subscription",
               "how do I cancel", "stop my order {o} before it ships", "I changed my mind, cancel it",
               "can I still cancel order {o}", "cancel the plan please"],
    "complaint": ["this is unacceptable", "the item arrived broken", "worst service ever",
                  "I am very unhappy with the product", "you charged me twice, not ok",
                  "the quality is terrible", "nobody answered my emails", "I want a refund, this is a joke"],
    "human_agent": ["talk to a human", "can I speak to a real person", "agent please", "I need a human agent",
                    "connect me to support staff", "let me talk to someone", "operator", "get me a person now"],
}
PREFIX = ["", "", "", "hi, ", "hello, ", "um ", "ok so ", "please, "]
SUFFIX = ["", "", "", "?", "!", " thanks", " asap", " pls", "??"]
rows = []
for i in range(600):
    intent = list(INTENTS)[i % 5]
    text = random.choice(PREFIX) + random.choice(INTENTS[intent]).format(o="#" + str(random.randint(1000, 9999)))
    text += random.choice(SUFFIX)
    if random.random() < 0.25:
        text = text.capitalize()
    rows.append({"utterance": text, "intent": intent})
pd.DataFrame(rows).sample(frac=1.0, random_state=4).to_csv("chat_intents.csv", index=False)
