// Chart.js (Debian's libjs-chart.js, served at /console/vendor/chart.umd.js) is the largest asset,
// so it is loaded by the one page that draws charts, when that page first opens. It draws on a
// canvas and sizes it through the CSSOM, which the Content-Security-Policy allows.

let pending = null;

export function loadChart() {
  if (window.Chart) return Promise.resolve(window.Chart);
  if (!pending) {
    pending = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = new URL('../vendor/chart.umd.js', import.meta.url).href;
      script.addEventListener('load', () => resolve(window.Chart));
      script.addEventListener('error', () => {
        pending = null;
        script.remove();
        reject(new Error('图表库加载失败'));
      });
      document.head.append(script);
    });
  }
  return pending;
}
