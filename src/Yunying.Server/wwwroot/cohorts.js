// Analytics › Cohorts: the size-over-time chart. The numbers are in the page as a table too; without this file
// (or ECharts) nothing is lost but the picture.
(() => {
    const holder = document.getElementById("cohort-chart");
    const data = document.getElementById("cohort-sizes");
    if (!holder || !data || !window.echarts) {
        return;
    }

    const series = JSON.parse(data.textContent);
    const styles = getComputedStyle(document.documentElement);
    const accent = styles.getPropertyValue("--accent").trim() || "#1c64d8";
    const muted = styles.getPropertyValue("--muted").trim() || "#5f6773";
    const line = styles.getPropertyValue("--line").trim() || "#e3e6eb";

    // Canvas, and a tooltip drawn on it: the page's Content-Security-Policy allows no inline style attributes,
    // which ECharts' HTML tooltip would write.
    const chart = window.echarts.init(holder, null, { renderer: "canvas" });
    chart.setOption({
        animation: false,
        grid: { left: 48, right: 16, top: 16, bottom: 32 },
        tooltip: { trigger: "axis", renderMode: "richText" },
        xAxis: {
            type: "category",
            data: series.labels,
            boundaryGap: false,
            axisLine: { lineStyle: { color: line } },
            axisLabel: { color: muted },
        },
        yAxis: {
            type: "value",
            minInterval: 1,
            min: 0,
            splitLine: { lineStyle: { color: line } },
            axisLabel: { color: muted },
        },
        series: [{
            name: series.name,
            type: "line",
            data: series.sizes,
            showSymbol: series.sizes.length <= 40,
            lineStyle: { color: accent, width: 2 },
            itemStyle: { color: accent },
            areaStyle: { color: accent, opacity: 0.08 },
        }],
    });
    holder.dataset.ready = "true";
    window.addEventListener("resize", () => chart.resize());
})();
