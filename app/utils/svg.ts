// Small helpers for SVG drawn on the server as a string and inlined in a page: the text in it
// comes from catalogues and country names, so it is always escaped.

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** The opening tag of an accessible, self-contained inline SVG: its title and description name it. */
export function svgOpen(options: { id: string; width: number; height: number; title: string; desc: string }) {
  const { id, width, height, title, desc } = options;
  return (
    `<svg viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}" ` +
    `aria-labelledby="${id}-title ${id}-desc" class="staff-svg" preserveAspectRatio="xMidYMid meet">` +
    `<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(desc)}</desc>`
  );
}
