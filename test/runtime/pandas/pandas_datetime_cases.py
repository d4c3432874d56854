# Date and time features as inference code computes them (pandas_cases.py's format; gen_pandas_cases.py imports this
# module after pandas_cases, so these cases join CASES): pd.to_datetime of request columns, the .dt fields and
# methods, differences between timestamps, comparisons with strings and Timestamps, pd.Timestamp/pd.Timedelta
# scalars, time columns in frames (dtypes, reprs, conversion refusals), and whole feature-engineering functions.
from pandas_cases import NAN, Refused, case

TS = {"timestamp": "2024-03-02 02:14:00", "amount": 949.0}
TX = [
    {"transaction_id": "T1", "timestamp": "2024-03-02 02:14:00", "amount": 949.0, "signup": "2023-11-20"},
    {"transaction_id": "T2", "timestamp": "2024-03-09T18:45:30.250", "amount": 12.5, "signup": "2024-03-09"},
    {"transaction_id": "T3", "timestamp": None, "amount": 80.0, "signup": "2021-02-28 23:00"},
]
MIXED = ["2024-01-01", "2024-02-29 13:30", None, "2023-12-31T23:59:59.999999", "2024-06-15 00:00:00.000000001"]

# ---------------------------------------------------------------------------------------------------------------
# pd.to_datetime
case("datetimes", "to_datetime of a request column, then .dt.hour", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return pd.to_datetime(df["timestamp"]).dt.hour
""", ([TS],), (TX,), ([{"timestamp": "03/04/2024 10:00"}, {"timestamp": "2024-03-04"}],), ([{"timestamp": "not a date"}],),
     ([{"timestamp": ""}],), ([{"timestamp": "2024-03-02T02:14:00Z"}],))
case("datetimes", "to_datetime keeps the index and name, NaT for missing", """
import pandas as pd
def f(values):
    s = pd.Series(values, index=[10, 20, 30, 40, 50][:len(values)], name="ts")
    return pd.to_datetime(s)
""", (MIXED,), (["2024-01-01", NAN],), ([None, None],), (["NaT", "nan", ""],))
case("datetimes", "offsets in the text make a zoned column", """
import pandas as pd
def f(values, utc):
    return pd.to_datetime(pd.Series(values), utc=utc)
""", (["2024-03-02T02:14:00Z", "2024-03-02 10:00:00+00:00"], False), (["2024-03-02T02:14:00+05:30", "2024-03-03T00:00+05:30"], False),
     (["2024-03-02T02:14:00+05:30", "2024-03-02"], True), (["2024-03-02 02:14"], True), (["2024-03-02T02:14:00-08:00", None], True),
     Refused((["2024-03-02T02:14:00+05:30", "2024-03-02T02:14:00+01:00"], False), "NotImplementedError", "utc=True"),
     Refused((["2024-03-02T02:14:00+05:30", "2024-03-02"], False), "NotImplementedError", "utc=True"))
case("datetimes", "day-first and year-first dates", """
import pandas as pd
def f(values, dayfirst, yearfirst):
    return pd.to_datetime(pd.Series(values), dayfirst=dayfirst, yearfirst=yearfirst)
""", (["01/02/2024", "13/02/2024", "2024-02-01"], False, False), (["01/02/2024", "13/02/2024"], True, False),
     (["01.02.2024 10:00", "31.12.2023"], True, False), (["10/11/12"], False, False), (["10/11/12"], True, False),
     (["10/11/12"], False, True), (["Mar 5, 2024", "5 March 2024", "March 5th 2024 3pm"], False, False))
case("datetimes", "explicit formats", """
import pandas as pd
def f(values, fmt, errors):
    return pd.to_datetime(pd.Series(values), format=fmt, errors=errors)
""", (["02/03/2024 14:05", "12/31/2023 00:00"], "%m/%d/%Y %H:%M", "raise"), (["02.03.2024", "31.12.2023"], "%d.%m.%Y", "raise"),
     (["20240302", "20231231"], "%Y%m%d", "raise"), (["2024-03-02 02:14:00.123456789"], "%Y-%m-%d %H:%M:%S.%f", "raise"),
     (["Mar 02 2024 02:14PM", "Dec 31 2023 12:00AM"], "%b %d %Y %I:%M%p", "raise"), (["24-03-02"], "%y-%m-%d", "raise"),
     (["2024-03-02 02:14:00 +0100", "2024-03-02 05:00:00 +0100"], "%Y-%m-%d %H:%M:%S %z", "raise"),
     (["2024-03-02", "2024-03-02 10:30"], "%Y-%m-%d", "raise"), (["02/03/2024", "bad", None], "%d/%m/%Y", "coerce"),
     (["02/03/2024", "bad"], "%d/%m/%Y", "raise"), (["02/03/2024", "2024-03-02"], "%d/%m/%Y", "ignore"),
     (["2024-13-02"], "%Y-%m-%d", "raise"), (["31/02/2024"], "%d/%m/%Y", "raise"), (["2024-03-02"], "%Y-%m-%d %Q", "raise"))
case("datetimes", "errors= without a format", """
import pandas as pd
def f(values, errors):
    return pd.to_datetime(pd.Series(values), errors=errors)
""", (["2024-03-02", "garbage", "1850-13-01"], "coerce"), (["2024-03-02", "garbage"], "raise"), (["2024-03-02", "garbage"], "ignore"),
     (["2024-03-02", "0999-01-01"], "raise"), (["2024-03-02", "0999-01-01"], "coerce"), (["02/30/2024"], "raise"), (["13/13/2024"], "raise"),
     (["99"], "raise"))
case("datetimes", "numbers with a unit", """
import pandas as pd
def f(values, unit):
    return pd.to_datetime(pd.Series(values), unit=unit)
""", ([1709345640, 1709432040], "s"), ([1709345640.5, None], "s"), ([1709345640123], "ms"), ([19784, 19785.5], "D"),
     ([1709345640123456], "us"), ([1709345640123456], "ns"), ([1e20], "s"))
case("datetimes", "a list gives a DatetimeIndex, a string a Timestamp", """
import pandas as pd
def f(values):
    return pd.to_datetime(values), pd.to_datetime(values[0])
""", (["2024-03-02", "2024-03-03 10:00"],), (["2024-03-02T02:14:00Z"],), ([None, "2024-01-01"],))
case("datetimes", "a number and a Timestamp through to_datetime", """
import pandas as pd
def f(x, utc):
    return pd.to_datetime(x, unit="s", utc=utc), pd.to_datetime(pd.Timestamp("2024-03-02 10:00"), utc=utc), pd.to_datetime(None)
""", (1709345640, False), (1709345640.25, True))
case("datetimes", "dates assembled from year, month and day columns", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    return pd.to_datetime(df[["year", "month", "day"]]), pd.to_datetime(df)
""", ([{"year": 2024, "month": 3, "day": 2, "hour": 10}, {"year": 2023, "month": 12, "day": 31, "hour": 23}],),
     ([{"year": 2024, "month": 2, "day": 30, "hour": 1}],), ([{"year": 2024, "month": 3, "day": 2, "hour": 1, "extra": 1}],))
case("datetimes", "astype datetime64 and back to int64 seconds", """
import pandas as pd
def f(values):
    t = pd.Series(values).astype("datetime64[ns]")
    return t, t.astype("int64") // 10 ** 9
""", (["2024-03-02 02:14:00", "1970-01-01"],), (["2024-03-02"],))
case("datetimes", "to_timedelta of numbers and text", """
import pandas as pd
def f(values, unit):
    return pd.to_timedelta(pd.Series(values), unit=unit)
""", ([1, 2.5, None], "h"), ([90, 45], "m"), ([30, 15], "min"), ([1.5], "D"), ([100], "s"), ([250], "ms"))
case("datetimes", "to_timedelta of text", """
import pandas as pd
def f(values, errors):
    return pd.to_timedelta(pd.Series(values), errors=errors), pd.to_timedelta(values[0])
""", (["1 days 02:00:00", "00:30:00", "1h30m"], "raise"), (["2 hours", "bad"], "coerce"), (["2 hours", "bad"], "raise"))

# ---------------------------------------------------------------------------------------------------------------
# .dt fields and methods
case("dt", "every field, int64 without NaT and float64 with it", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    out = pd.DataFrame()
    out["year"] = t.dt.year
    out["month"] = t.dt.month
    out["day"] = t.dt.day
    out["hour"] = t.dt.hour
    out["minute"] = t.dt.minute
    out["second"] = t.dt.second
    out["microsecond"] = t.dt.microsecond
    out["nanosecond"] = t.dt.nanosecond
    out["dayofweek"] = t.dt.dayofweek
    out["weekday"] = t.dt.weekday
    out["day_of_week"] = t.dt.day_of_week
    out["dayofyear"] = t.dt.dayofyear
    out["day_of_year"] = t.dt.day_of_year
    out["quarter"] = t.dt.quarter
    out["days_in_month"] = t.dt.days_in_month
    out["daysinmonth"] = t.dt.daysinmonth
    out["week"] = t.dt.week
    out["weekofyear"] = t.dt.weekofyear
    return out
""", (MIXED,), (["2024-03-02 02:14:00", "2021-01-03", "2020-12-31 23:00", "2024-12-30"],))
case("dt", "boolean fields are False for NaT", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return (t.dt.is_month_start, t.dt.is_month_end, t.dt.is_quarter_start, t.dt.is_quarter_end, t.dt.is_year_start,
            t.dt.is_year_end, t.dt.is_leap_year)
""", (["2024-01-01", "2024-03-31 10:00", None, "2023-12-31", "2024-02-29", "2023-02-28"],))
case("dt", "weekend and night flags as ints", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return (t.dt.dayofweek >= 5).astype(int), ((t.dt.hour < 6) | (t.dt.hour >= 22)).astype(int), t.dt.hour.between(9, 17)
""", (["2024-03-02 02:14", "2024-03-04 23:30", "2024-03-05 12:00"],), (["2024-03-02 02:14", None],))
case("dt", "normalize, floor, ceil and round", """
import pandas as pd
def f(values, freq):
    t = pd.to_datetime(pd.Series(values))
    return t.dt.normalize(), t.dt.floor(freq), t.dt.ceil(freq), t.dt.round(freq)
""", (MIXED, "H"), (MIXED, "D"), (MIXED, "15min"), (MIXED, "T"), (MIXED, "S"), (["2024-03-02 10:30", "2024-03-02 11:30"], "H"),
     (["2024-03-02 10:30"], "M"), (["2024-03-02 10:30"], "bogus"))
case("dt", "strftime, day and month names", """
import pandas as pd
def f(values, fmt):
    t = pd.to_datetime(pd.Series(values))
    return t.dt.strftime(fmt), t.dt.day_name(), t.dt.month_name()
""", (MIXED, "%Y-%m-%d"), (MIXED, "%d/%m/%Y %H:%M:%S.%f"), (MIXED, "%a %b %d %I%p %j %U %W %w %y %%"), (MIXED, "%Y-W%V-%u %G"))
case("dt", "date objects and ISO weeks", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    cal = t.dt.isocalendar()
    return t.dt.date, cal["week"].astype("int64"), cal["year"].astype("int64"), cal["day"].astype("int64")
""", (["2024-03-02 02:14", "2021-01-03", "2020-12-31", "2024-12-30 10:00"],))
case("dt", "ISO weeks of a column with NaT", """
import pandas as pd
def f(values):
    return pd.to_datetime(pd.Series(values)).dt.isocalendar()
""", Refused((["2024-03-02", None],), "NotImplementedError", "UInt32"))
case("dt", "zones: localize to UTC, convert to a fixed offset", """
import pandas as pd
def f(values, tz):
    t = pd.to_datetime(pd.Series(values)).dt.tz_localize("UTC")
    local = t.dt.tz_convert(tz)
    return t, local, local.dt.hour, local.dt.tz_localize(None), t.dt.tz, local.dt.tz, str(local.dt.tz), t[0].tz
""", (["2024-03-02 22:14", None], "+05:30"), (["2024-03-02 22:14"], "UTC"), (["2024-03-02 22:14"], "-03:00"))
case("dt", "named zones with daylight saving are refused", """
import pandas as pd
def f(values):
    return pd.to_datetime(pd.Series(values)).dt.tz_localize("Europe/Paris")
""", Refused((["2024-03-02 22:14"],), "NotImplementedError", "tz database"))
case("dt", "the .dt accessor needs datetimes", """
import pandas as pd
def f(values):
    return pd.Series(values).dt.hour
""", (["2024-03-02"],), ([1, 2],))
case("dt", "attributes .dt does not have", """
import pandas as pd
def f(values):
    return pd.to_datetime(pd.Series(values)).dt.hours
""", (["2024-03-02"],))

# ---------------------------------------------------------------------------------------------------------------
# arithmetic and comparisons
case("timedeltas", "difference of two columns in seconds, days and components", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    d = pd.to_datetime(df["timestamp"]) - pd.to_datetime(df["signup"])
    return d, d.dt.total_seconds(), d.dt.days, d.dt.seconds, d.dt.microseconds, d.dt.nanoseconds, d.dt.components
""", (TX,), (TX[:2],))
case("timedeltas", "a Series minus a Timestamp and a Timestamp minus a Series", """
import pandas as pd
REF = pd.Timestamp("2024-04-01")
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return t - REF, (REF - t).dt.days, (t - pd.Timestamp("2024-01-01 12:00")).dt.total_seconds() / 3600
""", (MIXED,))
case("timedeltas", "adding durations", """
import pandas as pd
def f(values, minutes):
    t = pd.to_datetime(pd.Series(values))
    return (t + pd.Timedelta(hours=1), t - pd.Timedelta(days=1, minutes=30), t + pd.to_timedelta(pd.Series(minutes), unit="m"),
            pd.Timedelta(hours=2) + t)
""", (MIXED[:3], [15, 30, 45]))
case("timedeltas", "dividing durations", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    d = t - pd.Timestamp("2024-01-01")
    return d / pd.Timedelta(hours=1), d // pd.Timedelta(days=1), d % pd.Timedelta(days=7), d * 2, d / 2, d * 1.5, -d, abs(-d)
""", (MIXED,), (["2024-03-02", "2024-01-15 06:00"],))
case("timedeltas", "timedelta columns as hours through astype", """
import pandas as pd
def f(values):
    d = pd.to_datetime(pd.Series(values)) - pd.Timestamp("2024-01-01")
    return d.astype("timedelta64[h]"), d.astype("timedelta64[D]"), d.astype("int64"), d.dropna().astype("int64") // 10 ** 9
""", (["2024-03-02 10:30", None, "2023-12-31 23:00"],))
case("timedeltas", "comparisons with strings, Timestamps and other columns", """
import pandas as pd
def f(values, cutoff):
    t = pd.to_datetime(pd.Series(values))
    u = t + pd.Timedelta(minutes=1)
    return (t > cutoff, t == cutoff, t != cutoff, t <= pd.Timestamp(cutoff), t < u, t.between("2024-01-01", "2024-03-01"),
            t.isin(["2024-01-01"]), (t - t.min()) > "30 days")
""", (MIXED, "2024-02-29 13:30"), (MIXED, "not a date"))
case("timedeltas", "what pandas refuses between times", """
import pandas as pd
def f(values, op):
    t = pd.to_datetime(pd.Series(values))
    if op == "add":
        return t + t
    if op == "int":
        return t - 1
    if op == "mul":
        return t * 2
    if op == "lt":
        return t < 5
    if op == "str":
        return t - "2024-01-01"
    if op == "aware":
        return t - t.dt.tz_localize("UTC")
    return (t - t.min()) + 1
""", (MIXED, "add"), (MIXED, "int"), (MIXED, "mul"), (MIXED, "lt"), (MIXED, "str"), (MIXED, "aware"), (MIXED, "td"))
case("timedeltas", "reductions of times and durations", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    d = t - pd.Timestamp("2024-01-01")
    return t.min(), t.max(), t.mean(), t.median(), t.count(), d.sum(), d.mean(), d.median(), d.std(), d.min(), t.idxmax()
""", (MIXED,), (["2024-03-02 02:14:00", "2024-03-02 02:14:01", "2024-03-09 18:45:30.25"],))
case("timedeltas", "sums of datetimes are refused by pandas", """
import pandas as pd
def f(values):
    return pd.to_datetime(pd.Series(values)).sum()
""", (MIXED,))

# ---------------------------------------------------------------------------------------------------------------
# scalars
case("timestamps", "a Timestamp's fields and methods", """
import pandas as pd
def f(text):
    t = pd.Timestamp(text)
    return (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond, t.nanosecond, t.dayofweek, t.weekday(),
            t.isoweekday(), t.dayofyear, t.quarter, t.days_in_month, t.is_leap_year, t.is_month_end, t.week,
            t.normalize(), t.floor("H"), t.ceil("D"), t.round("15min"), t.strftime("%Y/%m/%d %I:%M %p"), t.isoformat(),
            t.date(), t.timestamp(), t.day_name(), t.month_name(), t.isocalendar())
""", ("2024-03-02 02:14:00",), ("2024-12-30T23:59:59.999999999",), ("2021-01-03 12:00:00.5",))
case("timestamps", "zoned Timestamps", """
import pandas as pd
def f(text):
    t = pd.Timestamp(text)
    u = t.tz_convert("UTC")
    return t, t.hour, u, u.hour, u.tz_localize(None), str(t), t.isoformat(), str(t.tz)
""", ("2024-03-02T02:14:00+05:30",), ("2024-03-02T02:14:00Z",), ("Sat, 02 Mar 2024 02:14:00 GMT",))
case("timestamps", "Timestamp constructors", """
import pandas as pd
def f(kind):
    if kind == "parts":
        return pd.Timestamp(2024, 3, 2, 10, 30)
    if kind == "keywords":
        return pd.Timestamp(year=2024, month=3, day=2, hour=5)
    if kind == "seconds":
        return pd.Timestamp(1709345640, unit="s")
    if kind == "microseconds":
        return pd.Timestamp(1709345640123456, unit="us")
    if kind == "utc":
        return pd.Timestamp("2024-03-02 10:00", tz="UTC")
    if kind == "bad":
        return pd.Timestamp("not a date")
    if kind == "range":
        return pd.Timestamp(2024, 2, 30)
    return pd.Timestamp("NaT")
""", ("parts",), ("keywords",), ("seconds",), ("microseconds",), ("utc",), ("bad",), ("range",), ("nat",))
case("timestamps", "Timestamp arithmetic and comparisons", """
import pandas as pd
def f(a, b):
    x = pd.Timestamp(a)
    y = pd.Timestamp(b)
    return x - y, y - x, x + pd.Timedelta(days=2), x - pd.Timedelta("1h30m"), x > y, x == y, x != y, x <= y, x == a, (x - y).total_seconds()
""", ("2024-03-02 10:00", "2024-03-01 08:30"), ("2024-03-02", "2024-03-02"))
case("timestamps", "Timestamps that do not mix", """
import pandas as pd
def f(op):
    x = pd.Timestamp("2024-03-02")
    if op == "str":
        return x < "2024-01-01"
    if op == "int":
        return x + 1
    if op == "aware":
        return x - pd.Timestamp("2024-03-02", tz="UTC")
    return x + x
""", ("str",), ("int",), ("aware",), ("add",))
case("timestamps", "Timedelta scalars", """
import pandas as pd
def f(kind):
    if kind == "keywords":
        d = pd.Timedelta(days=1, hours=2, minutes=3, seconds=4.5)
    elif kind == "text":
        d = pd.Timedelta("1 day 02:03:04.5")
    elif kind == "negative":
        d = pd.Timedelta(hours=-26)
    elif kind == "unit":
        d = pd.Timedelta(90, unit="m")
    else:
        d = pd.Timedelta(weeks=1, milliseconds=1)
    return d, str(d), d.days, d.seconds, d.microseconds, d.nanoseconds, d.total_seconds(), d.value, d * 2, d / pd.Timedelta(minutes=1), -d, d.floor("H")
""", ("keywords",), ("text",), ("negative",), ("unit",), ("weeks",))
case("timestamps", "NaT behaves as missing", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    x = t[1]
    return x, pd.isna(x), pd.isna(t), t.isna(), t.notna(), t.fillna(pd.Timestamp("2000-01-01")), t.dropna(), x == x, pd.NaT
""", (["2024-03-02", None, "2024-03-03"],))
case("timestamps", "NaT fields are NaN", """
import pandas as pd
def f(values):
    x = pd.to_datetime(pd.Series(values))[0]
    return x.hour, x.year, x.is_month_start, x.isoformat()
""", ([None],))

# ---------------------------------------------------------------------------------------------------------------
# time columns in frames
case("timeframes", "dtypes, select_dtypes and conversions", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df["timestamp"] = pd.to_datetime(df["timestamp"])
    df["signup"] = pd.to_datetime(df["signup"], utc=True)
    df["age"] = df["timestamp"] - df["signup"].dt.tz_localize(None)
    return (df.dtypes, df.select_dtypes(include="number").columns, df.select_dtypes(include="datetime").columns,
            df.select_dtypes(include="datetimetz").columns, df["timestamp"].astype(str), df.iloc[0], df.to_dict("records"))
""", (TX,))
case("timeframes", "times as text through astype(str)", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return t.astype(str), t.dt.tz_localize("UTC").astype(str), t.dt.tz_localize("+05:30").astype(str), (t - t.min()).astype(str)
""", (["2024-03-02", "2024-01-01", None],), (["2024-03-02 10:00", "2024-01-01"],), (["2024-03-02 10:00:00.5"],),
     (["2024-03-02 10:00:00.000001", "2024-03-01"],), (["2024-03-02 10:00:00.000000001", None],))
case("timeframes", "a frame with a datetime column is not a numpy array", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    df["timestamp"] = pd.to_datetime(df["timestamp"])
    return np.asarray(df[["amount", "timestamp"]], dtype=np.float32)
""", Refused((TX,), "TypeError", "dt.hour"))
case("timeframes", "the values of a datetime column", """
import pandas as pd
def f(values):
    return pd.to_datetime(pd.Series(values)).values
""", Refused((["2024-03-02"],), "TypeError", "datetime64[ns]"))
case("timeframes", "reprs of times in Series, frames and indexes", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    df = pd.DataFrame({"t": t, "d": t - pd.Timestamp("2024-01-01"), "x": range(len(values))})
    return repr(t), repr(df), repr(t - t.min()), repr(pd.to_datetime(values)), repr(t.dt.tz_localize("UTC")), repr(t[0]), str(t[0]), repr(df["d"].min())
""", (MIXED,), (["2024-03-02", "2024-03-03"],), (["2024-03-02 10:00:00.5", None],))
case("timeframes", "sorting and value counts of dates", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return t.sort_values(), t.sort_values(ascending=False).index, t.dt.month.value_counts(), t.nunique(), t.value_counts()
""", (["2024-03-02", "2023-01-01", None, "2024-03-02", "2024-01-05"],))
case("timeframes", "unique dates are a numpy datetime64 array", """
import pandas as pd
def f(values, kind):
    t = pd.to_datetime(pd.Series(values))
    if kind == "timedelta":
        return (t - t.min()).unique()
    return t.unique()
""", Refused((["2024-03-02", "2023-01-01", None, "2024-03-02"], "datetime"), "TypeError", "datetime64[ns]"),
     Refused((["2024-03-02", "2023-01-01", None, "2024-03-02"], "timedelta"), "TypeError", "timedelta64[ns]"))
case("timeframes", "where, mask and assignment into a datetime column", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    a = t.where(t > "2024-01-01")
    b = t.copy()
    b[0] = pd.Timestamp("1999-12-31")
    c = t.copy()
    c[1] = "text"
    return a, b, c
""", (["2024-03-02", "2023-01-01", "2024-03-05"],))
case("timeframes", "map and apply over Timestamps", """
import pandas as pd
def f(values):
    t = pd.to_datetime(pd.Series(values))
    return t.apply(lambda x: x.hour * 60 + x.minute), t.map(lambda x: x.strftime("%H:%M")), t.apply(lambda x: x.normalize())
""", (["2024-03-02 02:14", "2024-03-09 18:45:30"],))

# ---------------------------------------------------------------------------------------------------------------
# feature engineering as notebooks write it
case("timepipelines", "fraud-style prepare with the hour of a timestamp", """
import numpy as np
import pandas as pd
CATEGORY_CODES = {"electronics": 0, "grocery": 1, "travel": 2}
FEATURES = ["log_amount", "hour", "is_night", "category"]
def f(records):
    df = pd.DataFrame(records)
    out = pd.DataFrame()
    out["log_amount"] = np.log1p(df["amount"])
    out["hour"] = pd.to_datetime(df["timestamp"]).dt.hour
    out["is_night"] = (out["hour"] < 6).astype(int)
    out["category"] = df["category"].map(CATEGORY_CODES).fillna(-1)
    return out[FEATURES].values.astype(np.float32)
""", ([{"timestamp": "2024-03-02 02:14:00", "amount": 949.0, "category": "electronics"}],),
     ([{"timestamp": "2024-03-02 14:00:00", "amount": 12.0, "category": "toys"}, {"timestamp": "2024-03-03 05:59:59", "amount": 0.0, "category": "travel"}],))
case("timepipelines", "cyclical hour and weekday features", """
import numpy as np
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    t = pd.to_datetime(df["pickup_datetime"])
    df["hour_sin"] = np.sin(2 * np.pi * t.dt.hour / 24)
    df["hour_cos"] = np.cos(2 * np.pi * t.dt.hour / 24)
    df["dow_sin"] = np.sin(2 * np.pi * t.dt.dayofweek / 7)
    df["month"] = t.dt.month
    df["is_weekend"] = t.dt.dayofweek.isin([5, 6]).astype(int)
    df["minutes_of_day"] = t.dt.hour * 60 + t.dt.minute
    return df.drop(columns=["pickup_datetime"])
""", ([{"pickup_datetime": "2016-03-14 17:24:55", "passengers": 1}, {"pickup_datetime": "2016-06-12 00:43:35", "passengers": 2}],))
case("timepipelines", "recency and tenure in days from a reference date", """
import pandas as pd
REFERENCE = pd.Timestamp("2024-04-01")
def f(records):
    df = pd.DataFrame(records)
    df["last_purchase"] = pd.to_datetime(df["last_purchase"])
    df["signup"] = pd.to_datetime(df["signup"], format="%d/%m/%Y")
    df["recency_days"] = (REFERENCE - df["last_purchase"]).dt.days
    df["tenure_years"] = (df["last_purchase"] - df["signup"]).dt.days / 365.25
    df["signup_year"] = df["signup"].dt.year
    return df[["recency_days", "tenure_years", "signup_year"]]
""", ([{"last_purchase": "2024-03-02", "signup": "15/06/2019"}, {"last_purchase": None, "signup": "01/01/2024"}],))
case("timepipelines", "age from a date of birth", """
import pandas as pd
def f(record):
    df = pd.DataFrame([record])
    dob = pd.to_datetime(df["dob"], errors="coerce")
    df["age"] = (pd.Timestamp("2024-03-02") - dob).dt.days // 365
    df["age"] = df["age"].fillna(df["age"].median() if df["age"].notna().any() else 40)
    return df[["age"]]
""", ({"dob": "1985-07-21"},), ({"dob": "21/07/1985"},), ({"dob": "unknown"},))
case("timepipelines", "trip duration in minutes between two timestamps", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    start = pd.to_datetime(df["start"])
    end = pd.to_datetime(df["end"])
    df["duration_min"] = (end - start).dt.total_seconds() / 60
    df["same_day"] = (start.dt.date == end.dt.date).astype(int)
    df["start_hour"] = start.dt.hour
    return df.drop(columns=["start", "end"])
""", ([{"start": "2024-03-02 23:50:00", "end": "2024-03-03 00:20:30"}, {"start": "2024-03-02 08:00", "end": "2024-03-02 08:45"}],))
case("timepipelines", "unix timestamps to calendar features", """
import pandas as pd
def f(records):
    df = pd.DataFrame(records)
    t = pd.to_datetime(df["ts"], unit="s")
    df["day"] = t.dt.day
    df["hour"] = t.dt.hour
    df["weekday"] = t.dt.weekday
    df["seconds_since_midnight"] = (t - t.dt.normalize()).dt.total_seconds()
    return df.drop(columns=["ts"])
""", ([{"ts": 1709345640}, {"ts": 1709432099}],))
case("timepipelines", "month dummies aligned to training columns", """
import pandas as pd
COLUMNS = ["amount", "month_1", "month_2", "month_3", "month_12"]
def f(records):
    df = pd.DataFrame(records)
    df["month"] = pd.to_datetime(df["date"]).dt.month
    df = pd.get_dummies(df.drop(columns=["date"]), columns=["month"])
    return df.reindex(columns=COLUMNS, fill_value=0)
""", ([{"date": "2024-03-02", "amount": 5.0}, {"date": "2023-12-24", "amount": 7.5}],))
