"""Writes sms_spam.csv: 900 synthetic text messages, about one in seven spam (fixed seed)."""
import random

import pandas as pd

random.seed(31)
HAM = [
    "Ok lar, see you at {t}", "Are we still on for dinner tonight?", "Can you pick up milk on the way home",
    "I'll be late, the train is stuck again", "Happy birthday!! Have a great day", "Where did you park the car?",
    "Call me when you get this", "Thanks for yesterday, had a lovely time", "Running {m} min late, sorry",
    "Did you see the match last night?", "Mum says lunch is at {t} on Sunday", "Can I borrow your charger tomorrow",
    "Meeting moved to {t}, same room", "Got the tickets, see you at the gate", "Good luck with the exam today",
    "Let me know when you land", "The plumber is coming at {t}", "Send me the photos from the trip please",
    "I'm at the shop, do we need anything else?", "Don't forget the keys are under the mat",
    "Are you free tonight? Call me", "We won the match!! Drinks on me", "Text me when you are free",
    "Did you claim the parking ticket refund?", "Won't make it today, call you tomorrow", "Free for a coffee at {t}?",
]
SPAM = [
    "WINNER!! You have been selected to receive a {p} prize. Call {n} now to claim",
    "FREE entry into our weekly draw to win {p}! Text WIN to {s}",
    "URGENT! Your mobile number has won {p}. Claim code {c}, call {n}",
    "Congratulations, you have won a free holiday! Reply YES to {s} to claim",
    "You have 1 new voicemail. Call {n} to listen. Cost 150p/min",
    "Your account has been suspended. Verify now at http://secure-verify{c}.com",
    "Final notice: claim your {p} cash reward today, txt CLAIM to {s}",
    "Hot singles in your area want to chat! Text DATE to {s}, 18+ only",
    "Get a loan approved in minutes, no credit check. Call {n}",
    "PRIVATE! Your 2024 account statement shows {p} unclaimed. Call {n}",
    "Hey, it's me. Call me back on {n} about the {p}", "Txt STOP to {s} to stop messages. Free msg",
]
PRIZES = ["£1000", "£500 cash", "$2000 gift card", "brand new iPhone", "£250 voucher", "luxury cruise"]

rows = []
for i in range(900):
    if random.random() < 0.14:
        text = random.choice(SPAM).format(p=random.choice(PRIZES), n="0906" + str(random.randint(1000000, 9999999)),
                                          s=str(random.randint(80000, 89999)), c=str(random.randint(100, 999)))
        label = "spam"
    else:
        text = random.choice(HAM).format(t=random.choice(["6", "7pm", "half 8", "noon", "10"]),
                                         m=str(random.choice([5, 10, 15, 20])))
        if random.random() < 0.3:
            text = text.lower()
        if random.random() < 0.2:
            text += random.choice([" x", " :)", " xx", " lol", " ok?"])
        label = "ham"
    if random.random() < 0.03:  # the volunteers who labelled the messages sometimes clicked the wrong button
        label = "ham" if label == "spam" else "spam"
    rows.append({"label": label, "message": text})
pd.DataFrame(rows).to_csv("sms_spam.csv", index=False)
