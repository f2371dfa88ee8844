"""The points chart: the running totals of the top ten of the class and championship the
Standings panel shows, one line each, redrawn after every change while it is on screen."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QCursor, QPainter, QPen
from PySide6.QtWidgets import QLabel, QStackedWidget, QToolTip, QVBoxLayout, QWidget

from gui.race_document import RaceDocument
from gui.standings.standings_panel import CHAMPIONSHIP_NAMES, StandingsPanel
from model.scoring.points import format_points
from model.scoring.progression import TOP, Series, progression

# Ten colours told apart at a glance (the chart theme's own set repeats after five).
COLOURS = (
    "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
    "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
)  # fmt: skip
NO_SEASON = "No season is open."
NO_RESULTS = (
    "No results in {class_name} yet: once a round has results, this chart draws how the "
    "top {top}'s points add up round by round."
)


class ProgressionChart(QWidget):
    """Follows `standings` (its class tab and championship) over `document`'s open season.

    Worked out only while on screen (`set_on_screen`); a change made meanwhile is drawn
    when it is shown again."""

    def __init__(
        self, document: RaceDocument, standings: StandingsPanel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._document = document
        self._standings = standings
        self._on_screen = False
        self._stale = True
        self.lines: list[Series] = []
        self.caption = ""
        self.chart = QChart()
        legend = self.chart.legend()
        legend.setAlignment(Qt.AlignmentFlag.AlignRight)  # names need the room
        small = legend.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)  # ten names fit a short bottom dock
        legend.setFont(small)
        self.chart.setMargins(self.chart.margins() * 0)
        view = QChartView(self.chart)
        view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._pages = QStackedWidget()
        self._pages.addWidget(view)
        self._pages.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._pages)
        document.changed.connect(lambda _changes: self._changed())
        document.season_changed.connect(lambda _id: self._changed())
        document.opened.connect(self._changed)
        standings.shown_changed.connect(self._changed)

    @property
    def showing_chart(self) -> bool:
        return self._pages.currentIndex() == 0

    def set_on_screen(self, shown: bool) -> None:
        """The dock was shown or hidden: a hidden chart costs nothing."""
        self._on_screen = shown
        if shown and self._stale:
            self.redraw()

    def _changed(self) -> None:
        self._stale = True
        if self._on_screen:
            self.redraw()

    def redraw(self) -> None:
        self._stale = False
        live = self._document.live
        class_name = self._standings.shown_class
        if live is None or class_name is None:
            self._explain(NO_SEASON)
            return
        championship = self._standings.championship
        self.lines = progression(live.table(class_name, championship), TOP)
        if not self.lines:
            self._explain(NO_RESULTS.format(class_name=class_name, top=TOP))
            return
        # Named on the points axis: a chart title would take the height ten legend lines need.
        kind = CHAMPIONSHIP_NAMES[championship].split()[0].lower()  # "teams"
        self.caption = f"{class_name} {kind}: points"
        self._draw()
        self._pages.setCurrentIndex(0)

    def _explain(self, text: str) -> None:
        self.lines = []
        self.chart.removeAllSeries()
        self.message.setText(text)
        self._pages.setCurrentIndex(1)

    def _draw(self) -> None:
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        rounds = QBarCategoryAxis()
        rounds.append(list(self.lines[0].labels))  # "2a": the title says Round, saving room
        rounds.setTitleText("Round")
        points = QValueAxis()
        points.setTitleText(self.caption)
        points.setLabelFormat("%.0f")
        self.chart.addAxis(rounds, Qt.AlignmentFlag.AlignBottom)
        self.chart.addAxis(points, Qt.AlignmentFlag.AlignLeft)
        for index, series in enumerate(self.lines):
            line = _line(series, QColor(COLOURS[index % len(COLOURS)]))
            self.chart.addSeries(line)
            line.attachAxis(rounds)
            line.attachAxis(points)
            line.hovered.connect(
                lambda point, state, shown=series: self._hovered(shown, point, state)
            )
        values = [float(p) for series in self.lines for p in series.points]
        points.setRange(min(0.0, *values), max(1.0, *values))
        points.applyNiceNumbers()

    @staticmethod
    def _hovered(series: Series, point: QPointF, state: bool) -> None:
        if state:
            QToolTip.showText(QCursor.pos(), hover_text(series, round(point.x())))
        else:
            QToolTip.hideText()


def _line(series: Series, colour: QColor) -> QLineSeries:
    line = QLineSeries()
    line.setPen(QPen(colour, 2))
    line.setColor(colour)
    line.setName(f"{series.pos}. {series.name}")
    line.setPointsVisible(True)
    for index, total in enumerate(series.points):
        line.append(float(index), float(total))  # Decimal points, plotted as floats
    return line


def hover_text(series: Series, index: int) -> str:
    """What hovering a point of a line says: "Team · Rd 3: 48 pts"."""
    index = min(max(index, 0), len(series.points) - 1)
    label, total = series.labels[index], series.points[index]
    return f"{series.name} · Rd {label}: {format_points(total)} pts"
