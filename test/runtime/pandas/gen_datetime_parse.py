#!/usr/bin/env python3
"""Records how pandas 1.5.3 reads dates and durations from text and numbers, for datetime-parse.test.ts.

Run with Debian's Python (pandas 1.5.3, dateutil 2.8): /usr/bin/python3 test/runtime/pandas/gen_datetime_parse.py

Writes fixtures/datetime-parse.json with, for each input, pandas' result (the Timestamp's int64 nanoseconds and zone,
NaT, or "object" when pandas gives an object column) or the exception (class name and message):
  to_datetime   pd.to_datetime(pd.Series([text]), dayfirst=, yearfirst=, utc=)   (hand-picked and generated strings)
  format        pd.to_datetime(pd.Series([text]), format=fmt, errors=)           (strptime)
  timestamp     pd.Timestamp(text)
  unit          pd.to_datetime(pd.Series(values), unit=, errors=)               (numbers)
  timedelta     pd.Timedelta(text)
  to_timedelta  pd.to_timedelta(pd.Series(values), unit=)                        (numbers)
Strings that depend on the day they are read (times alone, "now", "today") are left out; two-digit years are kept
away from dateutil's pivot (the current year + 50).
"""
import json
import os
import platform
import random
import warnings

import numpy as np
import pandas as pd

warnings.simplefilter("ignore")

ISO = [
    "2024-03-02", "2024-03-02 02:14:00", "2024-03-02T02:14:00", "2024-03-02T02:14", "2024-03-02 02", "2024-03-02T2",
    "2024-03-02 02:14:00.5", "2024-03-02 02:14:00.123456", "2024-03-02 02:14:00.123456789",
    "2024-03-02 02:14:00.1234567891234", "2024-03-02T02:14:00Z", "2024-03-02T02:14:00+05:30", "2024-03-02T02:14:00-0800",
    "2024-03-02T02:14:00+05", "2024-03-02T02:14:00 +01:00", "2024-03-02T02:14:00.123Z", " 2024-03-02 ", "2024-3-2",
    "2024/03/02", "2024.03.02", "2024\\03\\02", "2024 03 02", "20240302", "20240302T0214", "20240302T021400",
    "20240302 021400", "2024-03", "2024", "2024-02-29", "2023-02-29", "2024-02-30", "2024-13-01", "2024-00-10",
    "2024-03-02 24:00", "2024-03-02 23:60", "2024-03-02 23:59:60", "0001-01-01", "2263-01-01", "1677-09-21",
    "1677-09-22", "2262-04-11", "2262-04-12", "2024-03-02T02:14:00+24:00", "2024-03-02T02:14:00+01:60",
    "2024-03-02 02:14:00Z junk", "2024-03-02 02:14:7", "2024-03-02 2:14", "2024-03-02 02:4", "2024-03-02T0214",
    "2024-03-02T021400.5", "2024-03-02T02:14:00.", "2024-03-02-", "2024-03-", "-2024-03-02", "2024-03-02 02:14:00 Z",
    "2024-03-02T02:14:00+0530", "2024-03-02T02:14:00-03", "2024-03-02T02:14:00+1", "2024-03-02T02:14:00+01:3",
]
DELIMITED = [
    "03/02/2024", "3/2/2024", "13/02/2024", "02/13/2024", "13/13/2024", "3/13/2024", "13/3/2024", "03-02-2024",
    "03.02.2024", "03 02 2024", "02/2024", "02-2024", "02.2024", "02 2024", "02/30/2024", "00/01/2024", "31/04/2024",
    "12/31/2024", "31/12/2024", "1/1/2024", "01/01/0999", "01/01/1500", "1/1/1677", "32/01/2024", "12/32/2024",
    "3/02/2024", "03/2/2024", "13.3.2024", "3.13.2024", "13-13-2024", "ab/cd/efgh",
]
DATEUTIL = [
    "March 2, 2024", "2 March 2024", "Mar 2 2024", "Mar 2, 2024 2:14 PM", "Sat, 02 Mar 2024 02:14:00 GMT",
    "Saturday, March 2, 2024", "2024-03-02 02:14:00 UTC", "2024-03-02 02:14:00 EST", "2024-03-02 02:14 PM",
    "2024/3/2 2:14:00", "3/2/24", "03/02/24 14:00", "24-03-02", "2024-Mar-02", "02-Mar-2024", "2nd March 2024",
    "March 2nd, 2024", "Jan 2024", "January 2024", "Mar-2024", "2024Q1", "1Q24", "2024-Q2", "4Q2023", "2024Q5",
    "2024-03-02 02h14m", "5 Jan", "Jan 5", "12/31/99", "1/1/70", "1.5", "999", "1000", "abc", "NaT", "nan", "NaN",
    "None", "2024-03-02 02:14:00.123 +0100", "Thu Sep 25 10:36:28 2003", "2024-03-02 12:00 AM",
    "2024-03-02 12:00 PM", "2024-03-02 13:00 PM", "March", "2024 March", "Tuesday", "2024-03-02 02:14:00 +05:30",
    "2024-03-02 02:14:00 UTC+3", "2024-03-02 02:14:00 GMT-5", "1/2/3", "2024-W09", "2024-062", "10 March 2024 10:30",
    "2024 03 02 02 14", "Mar 02 2024 02:14:00.250", "2024-03-02 02:14:00,250", "02.03.2024 10:00", "2.3.2024",
    "2024.3.2", "March 2 2024 at 10am", "2024-03-02T02:14:00 (UTC)", "2024-03-02 10am", "10pm March 2 2024",
    "2024-03-02 02:14:00 z", "20240302021400", "202403020214", "240302", "240302.5", "2024-03-02T10:00:00-05:00 EST",
    "Sat Mar  2 02:14:00 2024", "2 Mar 24", "Mar 2 24", "1st of March 2024", "March of 2024", "2024-03-02 +0100",
    "12 am", "2024-03-02 5:30 p.m.", "0", "00", "0.5", "2024.5", "1e3", "3000", "9999-12-31", "99999", "2024-03-02 a",
    "The 2nd of March", "mar 2 2024", "MAR 2 2024", "2024-03-02 02:14:00.1234567", "2024-03-02 02:14:00 +05",
    "2024-03-02 02:14:00 -0530", "6/31/2024", "2024-06-31", "Feb 30 2024", "30 Feb 2024", "2024-03-02 25:00",
    "02:14 2024-03-02", "1 2 2024", "12 13 2024", "13 12 2024", "2024 1 2", "01-Jan-2024 10:00:00",
    "2024-01-01 10:00:00 PST", "2024-01-01 10:00:00 CET", "1/2/2024 10:00:00 AM", "23/11/2024 18:30",
    "11/23/2024 18:30", "2024-11-23 18:30:00.000", "Nov 23, 2024, 6:30:00 PM",
]
FORMATS = [
    "%m/%d/%Y", "%m/%d/%Y %H:%M", "%d.%m.%Y", "%d.%m.%Y %H:%M:%S", "%Y/%m/%d %I:%M %p", "%b %d %Y", "%B %d, %Y",
    "%d %B %Y %H:%M:%S", "%d-%b-%Y", "%Y%m%d%H%M%S", "%y-%m-%d", "%a %b %d %H:%M:%S %Y", "%Y-%m-%d %H:%M:%S.%f",
    "%j/%Y", "%d/%m/%y %I%p", "%Y-%m-%dT%H:%M:%S%z", "%H:%M %d/%m/%Y",
]


def enc_ts(r):
    if r is pd.NaT:
        return {"nat": True}
    if isinstance(r, pd.Timestamp):
        return {"ns": str(r.value), "tz": None if r.tz is None else str(r.tz)}
    if isinstance(r, pd.Timedelta):
        return {"td": str(r.value)}
    return {"other": repr(r)}


def enc_value(v):
    """An argument value: floats tagged (JSON cannot tell 1e20 from an int), NaN as "nan"."""
    if isinstance(v, float):
        return {"f": "nan" if v != v else v}
    return v


def attempt(f):
    try:
        return f()
    except Exception as e:  # noqa: BLE001 - the exception is the expected result
        return {"raises": type(e).__name__, "message": str(e)}


def series_first(s):
    if s.dtype == object:
        return {"object": [repr(x) for x in s.tolist()]}
    return enc_ts(s.iloc[0])


def generated_strings(rng):
    """Random moments written in common formats, to cross the parsers with many digit patterns."""
    out = []
    fmts = ["%m/%d/%Y %H:%M", "%d.%m.%Y", "%Y/%m/%d %I:%M %p", "%b %d %Y", "%d %B %Y %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f",
            "%m/%d/%y", "%a, %d %b %Y %H:%M:%S", "%Y%m%d", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S", "%B %d, %Y %I:%M %p",
            "%d-%m-%Y %H:%M", "%Y.%m.%d", "%m-%d-%Y"]
    for _ in range(220):
        ts = pd.Timestamp(rng.randrange(1700000000, 1900000000) * 10**9 + rng.randrange(0, 10**9))
        fmt = rng.choice(fmts)
        text = ts.strftime(fmt)
        if "%y" in fmt and 70 <= ts.year % 100 <= 80:
            continue
        out.append((text, fmt))
    return out


def main():
    rng = random.Random(20240302)
    gen = generated_strings(rng)
    strings = ISO + DELIMITED + DATEUTIL + [t for t, _ in gen]
    to_datetime = []
    for s in strings:
        for opts in [{}, {"dayfirst": True}, {"yearfirst": True}, {"utc": True}]:
            if opts and s not in ISO[:12] + DELIMITED + DATEUTIL[:40] and not (opts.get("dayfirst") and "/" in s):
                continue
            r = attempt(lambda: series_first(pd.to_datetime(pd.Series([s]), **opts)))
            to_datetime.append({"text": s, "opts": opts, "result": r})
        to_datetime.append({"text": s, "opts": {"errors": "coerce"}, "result": attempt(lambda: series_first(pd.to_datetime(pd.Series([s]), errors="coerce")))})
    fmt_cases = []
    for text, fmt in gen[:120]:
        fmt_cases.append({"text": text, "format": fmt, "errors": "raise"})
    for s in ISO[:6] + DELIMITED[:12] + DATEUTIL[:12]:
        for fmt in FORMATS:
            fmt_cases.append({"text": s, "format": fmt, "errors": "raise" if rng.random() < 0.7 else "coerce"})
    fmt_cases += [
        {"text": "2024-03-02 02:14:00 +0100", "format": "%Y-%m-%d %H:%M:%S %z", "errors": "raise"},
        {"text": "2024-03-02 02:14:00 UTC", "format": "%Y-%m-%d %H:%M:%S %Z", "errors": "raise"},
        {"text": "2024-03-02 02:14:00Z", "format": "%Y-%m-%d %H:%M:%S%z", "errors": "raise"},
        {"text": "2024-03-02 02:14:00+01:30:15", "format": "%Y-%m-%d %H:%M:%S%z", "errors": "raise"},
        {"text": "2024-03-02", "format": "%Y-%m-%d %H", "errors": "raise"},
        {"text": "2024-03-02 10", "format": "%Y-%m-%d", "errors": "raise"},
        {"text": "2024-03-02x", "format": "%Y-%m-%d", "errors": "raise"},
        {"text": "20240302", "format": "%Y%m%d", "errors": "raise"},
        {"text": "2024031", "format": "%Y%m%d", "errors": "raise"},
        {"text": "20241302", "format": "%Y%m%d", "errors": "raise"},
        {"text": "20241302", "format": "%Y%m%d", "errors": "coerce"},
        {"text": "2024 10", "format": "%Y %W", "errors": "raise"},
        {"text": "2024 10 1", "format": "%Y %W %w", "errors": "raise"},
        {"text": "2024 10 1", "format": "%Y %U %w", "errors": "raise"},
        {"text": "2024 10 1", "format": "%G %V %u", "errors": "raise"},
        {"text": "2024 366", "format": "%Y %j", "errors": "raise"},
        {"text": "2023 366", "format": "%Y %j", "errors": "raise"},
        {"text": "02/03/2024", "format": "%d/%m/%Y %q", "errors": "raise"},
        {"text": "02/03/2024", "format": "%d/%m/%Y %", "errors": "raise"},
        {"text": "12 AM", "format": "%I %p", "errors": "raise"},
        {"text": "12 pm", "format": "%I %p", "errors": "raise"},
        {"text": "1500-01-01", "format": "%Y-%m-%d", "errors": "raise"},
        {"text": "01/01/1500", "format": "%m/%d/%Y", "errors": "raise"},
        {"text": "01/01/1500", "format": "%m/%d/%Y", "errors": "coerce"},
        {"text": "2024-03-02T02:14:00.123456789", "format": "%Y-%m-%dT%H:%M:%S.%f", "errors": "raise"},
        {"text": "10:30:15.123456789 02/03/2024", "format": "%H:%M:%S.%f %d/%m/%Y", "errors": "raise"},
        {"text": " 2024-03-02", "format": "%Y-%m-%d", "errors": "raise"},
        {"text": "2024-3-2 2:4:5", "format": "%Y-%m-%d %H:%M:%S", "errors": "raise"},
        {"text": "Mar 2  2024", "format": "%b %d %Y", "errors": "raise"},
        {"text": "MARCH 2 2024", "format": "%B %d %Y", "errors": "raise"},
    ]
    for c in fmt_cases:
        c["result"] = attempt(lambda: series_first(pd.to_datetime(pd.Series([c["text"]]), format=c["format"], errors=c["errors"])))
    fmt_cases.append({"text": "x 2024-03-02 y", "format": "%Y-%m-%d", "errors": "raise", "exact": False,
                      "result": attempt(lambda: series_first(pd.to_datetime(pd.Series(["x 2024-03-02 y"]), format="%Y-%m-%d", exact=False)))})
    fmt_cases.append({"text": "x 03/02/2024 y", "format": "%m/%d/%Y", "errors": "raise", "exact": False,
                      "result": attempt(lambda: series_first(pd.to_datetime(pd.Series(["x 03/02/2024 y"]), format="%m/%d/%Y", exact=False)))})
    fmt_cases.append({"text": "x 03/02 y", "format": "%m/%d/%Y", "errors": "raise", "exact": False,
                      "result": attempt(lambda: series_first(pd.to_datetime(pd.Series(["x 03/02 y"]), format="%m/%d/%Y", exact=False)))})
    timestamps = [{"text": s, "result": attempt(lambda: enc_ts(pd.Timestamp(s)))} for s in ISO + DELIMITED + DATEUTIL[:60]]
    unit_cases = []
    numbers = [[1709345640], [1709345640.5], [1709345640.123456789], [1709345640123], [1709345640123.456], [19784],
               [19784.25], [0], [-1], [1.5e9, float("nan")], [1, None], ["1709345640"], ["1709345640.5"], ["x"],
               [True], [1e20], [-1e20], [10**13], ["", "NaT"]]
    for vals in numbers:
        for unit in ["s", "ms", "us", "ns", "D", "h", "m"]:
            for errors in ["raise", "coerce"]:
                res = attempt(lambda: pd.to_datetime(pd.Series(vals), unit=unit, errors=errors))
                if isinstance(res, pd.Series):
                    res = {"values": [enc_ts(x) for x in res.tolist()], "dtype": str(res.dtype)}
                unit_cases.append({"values": [enc_value(v) for v in vals], "unit": unit, "errors": errors, "result": res})
    td_strings = ["1 day", "1 days 02:00:00", "-1 days +23:00:00", "00:30:00", "1h", "1h30m", "90min", "1.5h",
                  "2 hours 3 minutes", "10s", "100ms", "3us", "5ns", "1W", "1 w", "1d2h", "1:2:3", "1:2", "-00:00:01",
                  "1 day 1:2:3.5", ".5s", "nan", "", "abc", "1", "1.5", "1M", "10 days 00:00:00.000001", "- 1 day",
                  "1 day -1 hour", "+1 day", "00:00:01.123456789", "00:00:01.1234567891", "1.5 days", "3 min 20 sec",
                  "1 minute", "2 weeks", "15T", "1 d", "4.5 hours", "1:60:00", "h", "1 hour 30", "1.2.3",
                  "1 day, 2:00:00", "12:00:00.5", "1 days 3", "-1:00:00", "1 y"]
    timedeltas = [{"text": s, "result": attempt(lambda: enc_ts(pd.Timedelta(s)))} for s in td_strings]
    td_numbers = []
    for vals in [[1, 2, 3], [1.5, None], [0.1, 0.7, 2.675], [-1.5], [1e-9, 123.456789123]]:
        for unit in ["s", "ms", "us", "ns", "D", "h", "m", "min", "hours", "W"]:
            res = attempt(lambda: pd.to_timedelta(pd.Series(vals), unit=unit))
            if isinstance(res, pd.Series):
                res = {"values": [enc_ts(x) for x in res.tolist()]}
            td_numbers.append({"values": [enc_value(v) for v in vals], "unit": unit, "result": res})
    here = os.path.dirname(os.path.abspath(__file__))
    meta = {"python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__,
            "year": pd.Timestamp.now().year}
    out = {"meta": meta, "to_datetime": to_datetime, "format": fmt_cases, "timestamp": timestamps, "unit": unit_cases,
           "timedelta": timedeltas, "to_timedelta": td_numbers}
    with open(os.path.join(here, "fixtures", "datetime-parse.json"), "w") as fh:
        json.dump(out, fh, indent=0, ensure_ascii=False, allow_nan=False)
        fh.write("\n")
    print({k: len(v) for k, v in out.items() if isinstance(v, list)})


if __name__ == "__main__":
    main()
