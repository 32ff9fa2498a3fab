// The unit picker of the report pages: type a name, diacritics optional ("tinh khe"), pick from the list.
// No build step: a plain ES module over a <datalist>, fed by /reports/units/?format=json (scoped server-side).
// Without JavaScript the same form submits to /reports/units/, which lists the matches as links.

const input = document.querySelector("input[data-unit-picker]");

if (input) {
  const list = document.getElementById(input.getAttribute("list"));
  const urls = new Map();
  let timer = 0;
  let asked = "";

  const go = () => {
    const url = urls.get(input.value);
    if (url) location.assign(url + location.search); // same period, another unit
    return Boolean(url);
  };

  input.addEventListener("input", () => {
    if (go()) return;
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      asked = q;
      const response = await fetch(`${input.dataset.unitPicker}?format=json&q=${encodeURIComponent(q)}`, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok || input.value.trim() !== q) return;
      const { results } = await response.json();
      urls.clear();
      list.replaceChildren(...results.map((unit) => {
        urls.set(unit.label, unit.url);
        const option = document.createElement("option");
        option.value = unit.label;
        return option;
      }));
    }, 200);
  });
  input.form.addEventListener("submit", (event) => {
    if (go()) event.preventDefault();
  });
}
