"""The dashboard's four charts, each rebuilt from frozen report rows on refresh."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QCoreApplication, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from tafapp.services.reports.outcomes import CountRow
from tafapp.services.reports.partnership import TrendPoint
from tafapp.services.reports.reviews import ReviewTimeliness
from tafapp.services.reports.scaling import ScalingChange

# A colour-blind-safe pair (blue / orange) and neutrals; meaning is always in a label too.
BLUE, ORANGE, GREY, RED = "#1f5fa8", "#e08a1e", "#9aa4ae", "#b33a3a"


def _tr(text: str) -> str:
    return QCoreApplication.translate("Dashboard", text)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setBold(True)
    font.setPointSize(10)
    chart.setTitleFont(font)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundRoundness(6)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    return chart


def chart_view(parent: QWidget | None = None) -> QChartView:
    view = QChartView(parent)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(180)
    return view


def partner_trend(points: Sequence[TrendPoint]) -> QChart:
    chart = _chart(_tr("Families led by partners outside the council"))
    line = QLineSeries()
    line.setName(_tr("Partner-led share (%)"))
    line.setPen(QPen(QColor(BLUE), 2.5))
    line.setPointsVisible(True)
    for i, p in enumerate(points):
        if p.partner_led_share is not None:
            line.append(i, p.partner_led_share * 100)
    chart.addSeries(line)
    # Twelve month names do not fit across half a screen: label every third month.
    months = QCategoryAxis()
    months.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    months.setRange(-0.3, len(points) - 0.7)
    step = 3 if len(points) > 6 else 1
    for i in reversed(range(len(points) - 1, -1, -step)):  # ending on the last month
        months.append(points[i].month.strftime("%b %y"), i)
    months.setGridLineVisible(False)
    pct = QValueAxis()
    pct.setRange(0, 100)
    pct.setLabelFormat("%d%%")
    pct.setTickCount(6)
    chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(pct, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(months)
    line.attachAxis(pct)
    chart.legend().hide()
    return chart


def closure_reasons(rows: Sequence[CountRow]) -> QChart:
    chart = _chart(_tr("Why families' plans closed"))
    shown = [r for r in rows if r.count] or list(rows)
    bars = QBarSet(_tr("Families"))
    bars.setColor(QColor(BLUE))
    bars.append([float(r.count) for r in reversed(shown)])
    series = QHorizontalBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    chart.addSeries(series)
    cats = QBarCategoryAxis()
    cats.append([_short(r.label) for r in reversed(shown)])
    count = QValueAxis()
    count.setLabelFormat("%d")
    count.setRange(0, max([r.count for r in shown] + [1]) * 1.15)
    count.applyNiceNumbers()
    chart.addAxis(cats, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(count, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(cats)
    series.attachAxis(count)
    chart.legend().hide()
    return chart


def _short(label: str, width: int = 28) -> str:
    return label if len(label) <= width else label[: width - 1].rstrip() + "…"


def review_timeliness(r: ReviewTimeliness) -> QChart:
    chart = _chart(_tr("Reviews due in the period"))
    pie = QPieSeries()
    for label, n, colour in ((_tr("On time"), r.on_time, BLUE), (_tr("Late"), r.late, ORANGE),
                             (_tr("Not held"), r.overdue, RED),
                             (_tr("Not yet due"), r.not_yet_due, GREY)):
        if n:
            piece = pie.append(f"{label}: {n}", n)
            piece.setColor(QColor(colour))
            piece.setLabelVisible(False)
    pie.setHoleSize(0.45)
    chart.addSeries(pie)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
    return chart


def scaling_change(rows: Sequence[ScalingChange]) -> QChart:
    chart = _chart(_tr("Scaling 0–10, first and last review"))
    first, last = QBarSet(_tr("First review")), QBarSet(_tr("Last review"))
    first.setColor(QColor(GREY))
    last.setColor(QColor(BLUE))
    for r in rows:
        first.append(r.mean_first or 0.0)
        last.append(r.mean_last or 0.0)
    series = QBarSeries()
    series.append(first)
    series.append(last)
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value")
    chart.addSeries(series)
    cats = QBarCategoryAxis()
    cats.append([_tr("Family") if r.scored_by == "family" else _tr("Professionals")
                 for r in rows])
    score = QValueAxis()
    score.setRange(0, 10)
    score.setTickCount(6)
    score.setLabelFormat("%d")
    chart.addAxis(cats, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(score, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(cats)
    series.attachAxis(score)
    return chart
