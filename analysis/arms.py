"""Arms transfers: the article's SIPRI figures beside the same figures recomputed from the trade register."""

from __future__ import annotations

import pandas as pd

from analysis import data, figures


def register(view: str, country: str, figure_id: str) -> pd.DataFrame:
    """Rows of the recomputed register summary for one view ('imports_by_supplier' or
    'exports_by_recipient') and country over the period of the article's figure `figure_id`, largest first.
    (The register also holds other periods, e.g. the five-year blocks of `analysis.measures`.)"""
    df = data.table("arms_register")
    f = figures.figure(figure_id)
    chosen = (
        (df["view"] == view)
        & (df["country"] == country)
        & (df["period_start"] == int(f["period_start"]))
        & (df["period_end"] == int(f["period_end"]))
    )
    return df[chosen].sort_values("rank").reset_index(drop=True)


def suppliers_of_azerbaijan() -> pd.DataFrame:
    return register("imports_by_supplier", "Azerbaijan", "israel_share_aze_arms_imports")


def destinations_of_israel() -> pd.DataFrame:
    return register("exports_by_recipient", "Israel", "aze_rank_israel_arms_exports")


def recomputed_share(supplier: str = "Israel") -> float:
    df = suppliers_of_azerbaijan()
    return float(df.loc[df["counterpart"] == supplier, "share"].iloc[0])


def recomputed_rank(recipient: str = "Azerbaijan") -> int:
    df = destinations_of_israel()
    return int(df.loc[df["counterpart"] == recipient, "rank"].iloc[0])


def recomputed_destination_share(recipient: str = "Azerbaijan") -> float:
    df = destinations_of_israel()
    return float(df.loc[df["counterpart"] == recipient, "share"].iloc[0])


def period(df: pd.DataFrame) -> str:
    return f"{int(df['period_start'].iloc[0])}–{int(df['period_end'].iloc[0])}"


def side_by_side() -> pd.DataFrame:
    """The article's two SIPRI figures and the package's recomputation, one row each."""
    share_id, rank_id = "israel_share_aze_arms_imports", "aze_rank_israel_arms_exports"
    imports, exports = suppliers_of_azerbaijan(), destinations_of_israel()
    return pd.DataFrame(
        [
            {
                "Figure": "Israel's share of Azerbaijan's major arms imports",
                "Period": figures.period(share_id),
                "Article": figures.amount(share_id),
                "Recomputed": f"{recomputed_share():.1f}%",
                "Difference": f"{recomputed_share() - figures.value(share_id):+.1f} points",
            },
            {
                "Figure": "Azerbaijan's rank among Israel's arms export destinations",
                "Period": figures.period(rank_id),
                "Article": figures.amount(rank_id),
                "Recomputed": figures.ordinal(recomputed_rank()),
                "Difference": f"{recomputed_rank() - int(figures.value(rank_id)):+d} place(s)",
            },
        ]
    ).assign(Method=imports["method"].iloc[0], File=f"SIPRI trade register of {exports['file_date'].iloc[0]}")


def bars(df: pd.DataFrame, top: int = 8) -> pd.DataFrame:
    """The frame `charts.grouped_bars` draws: the `top` counterparts by share."""
    head = df.head(top)
    return pd.DataFrame(
        {
            "label": head["counterpart"],
            "value": head["share"],
            "value_text": [f"{s:.1f}% ({t:,.0f} TIV m)" for s, t in zip(head["share"], head["tiv"], strict=True)],
            "note_text": "SIPRI trade register, recomputed",
            "actor": head["counterpart"].where(
                head["counterpart"].isin(["Israel", "Russia", "Turkiye", "Azerbaijan", "United States"]), "Other"
            ),
        }
    ).replace({"actor": {"Turkiye": "Turkey"}})


def method() -> str:
    return str(suppliers_of_azerbaijan()["method"].iloc[0])


def file_date() -> str:
    return str(suppliers_of_azerbaijan()["file_date"].iloc[0])


def source_line() -> str:
    return f"Data: arms_register, recomputed from the SIPRI trade register (file of {file_date()}), method {method()}."


def figure_frame(top: int = 6) -> pd.DataFrame:
    """Azerbaijan's suppliers and Israel's destinations together, one panel each, for the appendix."""
    imports = bars(suppliers_of_azerbaijan(), top).assign(
        facet=f"Suppliers of Azerbaijan's major arms, {period(suppliers_of_azerbaijan())}"
    )
    exports = bars(destinations_of_israel(), top).assign(
        facet=f"Recipients of Israel's arms exports, {period(destinations_of_israel())}"
    )
    return pd.concat([imports, exports], ignore_index=True)


def register_source_line(df: pd.DataFrame, figure_id: str | None = None) -> str:
    """The foot of a chart drawn from the recomputed register, naming the file, the method and, where the
    chart marks it, the article's own figure and its endnote."""
    how = {"split_evenly": "delivered value split evenly over the delivery years"}.get(
        str(df["method"].iloc[0]), str(df["method"].iloc[0])
    )
    text = f"Data: arms_register (SIPRI trade register, file of {df['file_date'].iloc[0]}; {how})"
    if figure_id is not None:
        f = figures.figure(figure_id)
        text += f"; the article's figure: arms, note {f['notes']}"
    return text + "."
