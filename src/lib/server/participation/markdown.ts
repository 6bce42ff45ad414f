/**
 * Contributions are written in Markdown and rendered once, when saved. Raw HTML is never
 * passed through (markdown-it with `html: false` escapes it), links must be http(s) or mailto,
 * and every link is marked as user content.
 */
import MarkdownIt from 'markdown-it';

const md = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: true });
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());
const defaultLinkOpen =
	md.renderer.rules.link_open ??
	((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	tokens[idx]!.attrSet('rel', 'nofollow ugc noopener');
	return defaultLinkOpen(tokens, idx, options, env, self);
};
// headings inside a contribution start below the page's own h1/h2
md.renderer.rules.heading_open = (tokens, idx) => {
	const level = Math.min(6, Number(tokens[idx]!.tag.slice(1)) + 2);
	return `<h${level}>`;
};
md.renderer.rules.heading_close = (tokens, idx) => {
	const level = Math.min(6, Number(tokens[idx]!.tag.slice(1)) + 2);
	return `</h${level}>`;
};
md.disable(['image']);

export function renderMarkdown(source: string): string {
	return md.render(source);
}
