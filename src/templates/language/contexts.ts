// Decides, at compile time, how each output tag must be encoded, by scanning the template's literal text in
// source order. HTML parts: a small HTML tokenizer state machine (enough to know element content vs attribute
// name vs attribute value, and which attribute). Text parts: whether the tag continues a literal http(s):// URL.
import type { HtmlContext, TextContext, UrlAttr } from './types.js';

type State = 'data' | 'lt' | 'bang' | 'decl' | 'comment' | 'tagName' | 'beforeAttr' | 'attrName' | 'afterAttrName'
  | 'beforeValue' | 'valueDq' | 'valueSq' | 'valueUnq';

const URL_ATTRS = new Set(['href', 'src']);
const LITERAL_PROTOCOL = /^\s*https?:\/\//i;
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isAlpha = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

export class HtmlScanner {
  private state: State = 'data';
  private attr = '';
  /** Literal text of the current attribute value before its first tag (first 16 chars: enough for a protocol). */
  private valueHead = '';
  private tagInValue = false;
  private commentTail = '';

  feed(text: string): void {
    for (const c of text) this.step(c);
  }

  private startValue(): void { this.valueHead = ''; this.tagInValue = false; }
  private valueChar(c: string): void {
    if (!this.tagInValue && this.valueHead.length < 16) this.valueHead += c;
  }

  private step(c: string): void {
    switch (this.state) {
      case 'data': if (c === '<') this.state = 'lt'; return;
      case 'lt':
        if (isAlpha(c) || c === '/') this.state = 'tagName';
        else if (c === '!') { this.state = 'bang'; this.commentTail = ''; }
        else this.state = c === '<' ? 'lt' : 'data';
        return;
      case 'bang':
        // `<!--` opens a comment (ends at `-->`); any other `<!…` is a declaration (ends at `>`).
        this.commentTail += c;
        if (this.commentTail === '--') { this.state = 'comment'; this.commentTail = ''; }
        else if (c === '>') this.state = 'data';
        else if (this.commentTail.length === 2 || c !== '-') this.state = 'decl';
        return;
      case 'decl':
        if (c === '>') this.state = 'data';
        return;
      case 'comment':
        this.commentTail = (this.commentTail + c).slice(-3);
        if (this.commentTail === '-->') this.state = 'data';
        return;
      case 'tagName':
        if (c === '>') this.state = 'data';
        else if (isSpace(c) || c === '/') this.state = 'beforeAttr';
        return;
      case 'beforeAttr': case 'afterAttrName':
        if (c === '>') this.state = 'data';
        else if (c === '=' && this.state === 'afterAttrName') this.state = 'beforeValue';
        else if (!isSpace(c) && c !== '/') { this.state = 'attrName'; this.attr = c.toLowerCase(); }
        return;
      case 'attrName':
        if (c === '>') this.state = 'data';
        else if (c === '=') this.state = 'beforeValue';
        else if (isSpace(c)) this.state = 'afterAttrName';
        else this.attr += c.toLowerCase();
        return;
      case 'beforeValue':
        if (isSpace(c)) return;
        this.startValue();
        if (c === '"') this.state = 'valueDq';
        else if (c === "'") this.state = 'valueSq';
        else if (c === '>') this.state = 'data';
        else { this.state = 'valueUnq'; this.valueChar(c); }
        return;
      case 'valueDq': case 'valueSq':
        if (c === (this.state === 'valueDq' ? '"' : "'")) this.state = 'beforeAttr';
        else this.valueChar(c);
        return;
      case 'valueUnq':
        if (c === '>') this.state = 'data';
        else if (isSpace(c)) this.state = 'beforeAttr';
        else this.valueChar(c);
    }
  }

  /** The link attribute whose value we are in (after outputTag() for the current tag). */
  urlAttr(): UrlAttr {
    const inValue = this.state === 'valueDq' || this.state === 'valueSq' || this.state === 'valueUnq';
    return inValue && (this.attr === 'href' || this.attr === 'src') ? this.attr : null;
  }

  /** The context of an output tag at the current position; the tag then counts as part of any attribute value. */
  outputTag(): HtmlContext {
    if (this.state === 'beforeValue') { this.startValue(); this.state = 'valueUnq'; }
    const s = this.state;
    if (s === 'data' || s === 'lt' || s === 'comment' || s === 'bang' || s === 'decl') {
      if (s === 'lt') this.state = 'data';
      return 'text';
    }
    if (s !== 'valueDq' && s !== 'valueSq' && s !== 'valueUnq') return 'attrUnquoted';
    const first = !this.tagInValue;
    this.tagInValue = true;
    if (URL_ATTRS.has(this.attr)) {
      if (LITERAL_PROTOCOL.test(this.valueHead)) return 'url';
      if (first && this.valueHead.trim() === '') return s === 'valueUnq' ? 'urlStartUnquoted' : 'urlStart';
    }
    return s === 'valueUnq' ? 'attrUnquoted' : 'text';
  }
}

export class TextScanner {
  private inUrl = false;
  private tail = '';

  feed(text: string): void {
    for (const c of text) {
      if (isSpace(c) || c === '<' || c === '>' || c === '"') { this.inUrl = false; this.tail = ''; continue; }
      this.tail = (this.tail + c).slice(-8).toLowerCase();
      if (c === '/' && (this.tail.endsWith('http://') || this.tail.endsWith('https://'))) this.inUrl = true;
    }
  }

  /** Statements break a URL run: links must be kept cleanly apart from statements (spec §5.4 "Links"). */
  statement(): void { this.inUrl = false; this.tail = ''; }

  outputTag(): TextContext { return this.inUrl ? 'url' : 'plain'; }
}
