"""Writes hotel_bookings.csv: 2000 past bookings with whether they were cancelled; fixed seed."""
import numpy as np
import pandas as pd

rng = np.random.default_rng(2024)
n = 2000
segment = rng.choice(["Online TA", "Offline TA/TO", "Direct", "Corporate", "Groups"], size=n,
                     p=[0.47, 0.2, 0.12, 0.06, 0.15])
deposit = rng.choice(["No Deposit", "Non Refund", "Refundable"], size=n, p=[0.86, 0.12, 0.02])
adults = rng.choice([1, 2, 3, 4], size=n, p=[0.2, 0.68, 0.1, 0.02])
children = rng.choice([0, 1, 2], size=n, p=[0.9, 0.07, 0.03])
lead_time = np.round(rng.gamma(1.2, 85, n)).astype(int)
weekend = rng.poisson(0.9, n)
week = rng.poisson(2.4, n)
adr = np.round(np.clip(rng.normal(95, 35, n) + 18 * children + 10 * (segment == "Online TA"), 0, None), 2)
repeated = (rng.random(n) < 0.04).astype(int)
prev_cancel = rng.choice([0, 1, 2, 3], size=n, p=[0.9, 0.06, 0.03, 0.01])
changes = rng.poisson(0.25, n)
requests = rng.choice([0, 1, 2, 3], size=n, p=[0.55, 0.3, 0.12, 0.03])
month = rng.integers(1, 13, n)

logit = (-1.2 + 0.006 * lead_time + 2.6 * (deposit == "Non Refund") + 0.9 * prev_cancel - 0.7 * requests
         - 1.1 * repeated - 0.5 * changes + 0.6 * (segment == "Online TA") - 0.8 * (segment == "Direct")
         + 0.004 * (adr - 95) + 0.25 * np.isin(month, [6, 7, 8]))
canceled = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)

pd.DataFrame({
    "booking_id": np.arange(100001, 100001 + n),
    "lead_time": lead_time,
    "arrival_month": month,
    "stays_weekend_nights": weekend,
    "stays_week_nights": week,
    "adults": adults,
    "children": children,
    "market_segment": segment,
    "deposit_type": deposit,
    "previous_cancellations": prev_cancel,
    "booking_changes": changes,
    "special_requests": requests,
    "is_repeated_guest": repeated,
    "adr": adr,
    "is_canceled": canceled,
}).to_csv("hotel_bookings.csv", index=False)
