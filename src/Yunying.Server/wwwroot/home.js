// The project home's AARRR charts: new people by channel (this period beside the previous one), day-1 and
// day-7 retention by the day people were first seen, and the stranger → promoter funnel. The same numbers
// are in the page as text and tables, so without this file or ECharts only the pictures are missing.
(() => {
    const source = document.getElementById("overview-data");
    if (!source || !window.echarts) {
        return;
    }

    const data = JSON.parse(source.textContent);
    const styles = getComputedStyle(document.documentElement);
    const css = (name, fallback) => styles.getPropertyValue(name).trim() || fallback;
    const accent = css("--accent", "#1c64d8");
    const muted = css("--muted", "#5f6773");
    const line = css("--line", "#e3e6eb");
    const axis = { axisLine: { lineStyle: { color: line } }, axisLabel: { color: muted }, splitLine: { lineStyle: { color: line } } };
    // Tooltips drawn on the canvas: the Content-Security-Policy allows no inline styles, which HTML tooltips write.
    const tooltip = (trigger) => ({ trigger, renderMode: "richText", confine: true });
    const legend = { top: 0, textStyle: { color: muted } };

    const draw = (id, option) => {
        const holder = document.getElementById(id);
        if (!holder) {
            return;
        }

        const chart = window.echarts.init(holder, null, { renderer: "canvas" });
        chart.setOption({ animation: false, ...option });
        holder.dataset.ready = "true";
        window.addEventListener("resize", () => chart.resize());
    };

    draw("overview-channels", {
        grid: { left: 56, right: 16, top: 32, bottom: 32 },
        tooltip: tooltip("axis"),
        legend,
        xAxis: { type: "category", data: data.channels.labels, ...axis },
        yAxis: { type: "value", minInterval: 1, ...axis },
        series: [
            { name: data.channels.names.current, type: "bar", data: data.channels.current, itemStyle: { color: accent } },
            { name: data.channels.names.previous, type: "bar", data: data.channels.previous, itemStyle: { color: accent, opacity: 0.35 } },
        ],
    });

    draw("overview-retention", {
        grid: { left: 48, right: 16, top: 32, bottom: 32 },
        tooltip: tooltip("axis"),
        legend,
        xAxis: { type: "category", data: data.retention.labels, boundaryGap: false, ...axis },
        yAxis: { type: "value", min: 0, axisLabel: { color: muted, formatter: "{value}%" }, splitLine: axis.splitLine },
        series: [
            { name: data.retention.names.d1, type: "line", data: data.retention.d1, connectNulls: false, itemStyle: { color: accent } },
            { name: data.retention.names.d7, type: "line", data: data.retention.d7, connectNulls: false, itemStyle: { color: "#12a37f" } },
        ],
    });

    const first = data.funnel.length > 0 ? data.funnel[0].value : 0;
    draw("overview-funnel", {
        tooltip: tooltip("item"),
        color: [accent, "#12a37f", "#f29d38", "#8e6cef"],
        series: [{
            type: "funnel",
            sort: "none",
            left: "10%",
            width: "80%",
            top: 8,
            bottom: 8,
            minSize: "8%",
            gap: 2,
            data: data.funnel,
            label: {
                show: true,
                position: "inside",
                formatter: (p) => p.name + "  " + p.value.toLocaleString() + (first > 0 ? "  (" + (100 * p.value / first).toFixed(1) + "%)" : ""),
            },
        }],
    });
})();
