/** A small SVG of time and peak memory against platform size, written with no plotting library. */
export interface ScalePoint { services: number; seconds: number; mib: number }

export function scaleChart(points: readonly ScalePoint[]): string {
  const panel = (x0: number, title: string, unit: string, value: (p: ScalePoint) => number, colour: string) => {
    const w = 300;
    const h = 200;
    const maxX = Math.max(...points.map((p) => p.services));
    const maxY = Math.max(...points.map(value)) * 1.15;
    const px = (p: ScalePoint) => x0 + 40 + (p.services / maxX) * (w - 60);
    const py = (p: ScalePoint) => 30 + h - (value(p) / maxY) * h;
    const line = points.map((p) => `${px(p).toFixed(1)},${py(p).toFixed(1)}`).join(' ');
    return [
      `<text x="${x0 + w / 2}" y="18" text-anchor="middle" font-weight="bold">${title}</text>`,
      `<line x1="${x0 + 40}" y1="${30 + h}" x2="${x0 + w - 10}" y2="${30 + h}" stroke="#444"/>`,
      `<line x1="${x0 + 40}" y1="30" x2="${x0 + 40}" y2="${30 + h}" stroke="#444"/>`,
      `<polyline fill="none" stroke="${colour}" stroke-width="2" points="${line}"/>`,
      ...points.map((p) => `<circle cx="${px(p).toFixed(1)}" cy="${py(p).toFixed(1)}" r="3" fill="${colour}"/><text x="${px(p).toFixed(1)}" y="${(py(p) - 8).toFixed(1)}" text-anchor="middle">${value(p).toFixed(unit === 's' ? 2 : 0)} ${unit}</text><text x="${px(p).toFixed(1)}" y="${48 + h}" text-anchor="middle">${p.services}</text>`),
      `<text x="${x0 + w / 2}" y="${66 + h}" text-anchor="middle">services</text>`,
    ].join('\n');
  };
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="300" font-family="sans-serif" font-size="11">',
    '<rect width="640" height="300" fill="white"/>',
    panel(0, 'synth time (plain + chart)', 's', (p) => p.seconds, '#1f77b4'),
    panel(320, 'peak RSS', 'MiB', (p) => p.mib, '#d62728'),
    '</svg>',
    '',
  ].join('\n');
}
