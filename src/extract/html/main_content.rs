//! Choosing a page's main content: the `<main>` element (or `role="main"`), else every
//! outermost `<article>`, else the densest block of text.
//!
//! The densest block is found as Readability does, simplified: every paragraph-like element
//! (`p`, `pre`, `td`, `blockquote`, `dd`, or any element with 25 or more characters of its own
//! text) with at least 25 visible characters scores `1 + commas + min(chars / 100, 3)`, given
//! whole to its parent, half to its grandparent and a sixth to the next ancestor. A
//! candidate's score adds a weight for its tag (a `div` +5, a list or form −3, a heading −5)
//! and for its class and id (`article`, `content`, `post`, ... +25; `comment`, `sidebar`,
//! `share`, ... −25), and is scaled by `1 − link density` (the share of its characters inside
//! links): a menu of links scores low however long. The best candidate is kept, with those of
//! its siblings that score at least a fifth as well (or are long, link-poor paragraphs), in
//! document order. A page with no paragraph at all is read whole.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node};

use super::{scan, HtmlMode, Walk};

/// The elements holding the main content, in document order; empty for "the whole page".
pub(super) fn roots(html: &Html) -> Vec<NodeId> {
    let mut walk = Walk::new(HtmlMode::Main);
    let (mut mains, mut articles) = (Vec::new(), Vec::new());
    let (mut in_main, mut in_article) = (0usize, 0usize);
    let mut stack: Vec<(bool, bool)> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Node::Element(el) = node.value() {
                    walk.open(el);
                    let visible = walk.visible();
                    let main = visible
                        && (el.name() == "main"
                            || super::attrs(el).role.as_deref() == Some("main"));
                    let article = visible && el.name() == "article";
                    if main && in_main == 0 {
                        mains.push(node.id());
                    }
                    if article && in_article == 0 {
                        articles.push(node.id());
                    }
                    in_main += usize::from(main);
                    in_article += usize::from(article);
                    stack.push((main, article));
                }
            }
            Edge::Close(node) => {
                if node.value().is_element() {
                    walk.close();
                    if let Some((m, a)) = stack.pop() {
                        in_main -= usize::from(m);
                        in_article -= usize::from(a);
                    }
                }
            }
        }
    }
    if !mains.is_empty() {
        return mains;
    }
    if !articles.is_empty() {
        return articles;
    }
    densest(html)
}

/// Counts over an element's visible text.
#[derive(Debug, Default, Clone, Copy)]
struct Stats {
    /// Non-whitespace characters.
    chars: usize,
    /// Of those, inside links.
    link_chars: usize,
    commas: usize,
    /// Non-whitespace characters of its own text nodes (not its children's).
    own: usize,
}

impl Stats {
    fn link_density(&self) -> f64 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f64 / self.chars as f64
        }
    }
}

/// Visible non-whitespace characters and commas of a text.
fn count(t: &str) -> (usize, usize) {
    t.chars().fold((0, 0), |(n, c), ch| {
        (
            n + usize::from(!ch.is_whitespace()),
            c + usize::from(matches!(ch, ',' | '\u{FF0C}' | '\u{3001}')),
        )
    })
}

/// Whether the parent of a text node makes it raw (not read).
fn raw_parent(node: &NodeRef<'_, Node>) -> bool {
    node.parent()
        .and_then(|p| p.value().as_element())
        .is_some_and(|p| scan::RAWTEXT.contains(&p.name()))
}

fn paragraph_like(name: &str, s: &Stats) -> bool {
    matches!(name, "p" | "pre" | "td" | "blockquote" | "dd") || s.own >= 25
}

/// The weight of an element's tag and its class and id.
fn base(el: &Element) -> f64 {
    let tag = match el.name() {
        "div" => 5.0,
        "pre" | "td" | "blockquote" => 3.0,
        "address" | "ol" | "ul" | "dl" | "dd" | "dt" | "li" | "form" => -3.0,
        "h1" | "h2" | "h3" | "h4" | "h5" | "h6" | "th" => -5.0,
        _ => 0.0,
    };
    const GOOD: [&str; 10] = [
        "article", "body", "content", "entry", "main", "page", "post", "text", "blog", "story",
    ];
    const BAD: [&str; 20] = [
        "banner", "combx", "comment", "contact", "foot", "footnote", "masthead", "media", "meta",
        "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "sponsor",
        "shopping", "tags", "widget",
    ];
    let mut w = tag;
    for attr in ["class", "id"] {
        if let Some(v) = el.attr(attr) {
            let v = v.to_ascii_lowercase();
            if BAD.iter().any(|b| v.contains(b)) {
                w -= 25.0;
            }
            if GOOD.iter().any(|g| v.contains(g)) {
                w += 25.0;
            }
        }
    }
    w
}

/// The densest block and its worthy siblings (see the module docs).
fn densest(html: &Html) -> Vec<NodeId> {
    let mut walk = Walk::new(HtmlMode::Main);
    // Per open element: its id, counts so far, whether it is a link, its document order.
    let mut stack: Vec<(NodeId, Stats, bool, usize)> = Vec::new();
    let mut links = 0usize;
    let mut order = 0usize;
    let mut scores: HashMap<NodeId, f64> = HashMap::new();
    let mut stats: HashMap<NodeId, Stats> = HashMap::new();
    let mut finals: Vec<(f64, usize, NodeId)> = Vec::new();
    for edge in html.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    walk.open(el);
                    let link = el.name() == "a";
                    links += usize::from(link);
                    order += 1;
                    stack.push((node.id(), Stats::default(), link, order));
                }
                Node::Text(t) if walk.visible() && !raw_parent(&node) => {
                    let (n, c) = count(t);
                    if let Some(top) = stack.last_mut() {
                        top.1.chars += n;
                        top.1.own += n;
                        top.1.commas += c;
                        if links > 0 {
                            top.1.link_chars += n;
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                let Node::Element(el) = node.value() else {
                    continue;
                };
                let visible = walk.visible();
                walk.close();
                let Some((id, s, link, ord)) = stack.pop() else {
                    continue;
                };
                links -= usize::from(link);
                if !visible {
                    continue;
                }
                if paragraph_like(el.name(), &s) && s.chars >= 25 {
                    let score = 1.0 + s.commas as f64 + (s.chars as f64 / 100.0).min(3.0);
                    let depth = stack.len();
                    for (level, div) in [(1, 1.0), (2, 2.0), (3, 6.0)] {
                        if let Some(anc) = depth.checked_sub(level).and_then(|i| stack.get(i)) {
                            *scores.entry(anc.0).or_insert(0.0) += score / div;
                        }
                    }
                }
                if let Some(&acc) = scores.get(&id) {
                    let f = (acc + base(el)) * (1.0 - s.link_density());
                    finals.push((f, ord, id));
                }
                if el.name() == "p" {
                    stats.insert(id, s);
                }
                if let Some(parent) = stack.last_mut() {
                    parent.1.chars += s.chars;
                    parent.1.link_chars += s.link_chars;
                    parent.1.commas += s.commas;
                }
            }
        }
    }
    let best = finals
        .iter()
        .copied()
        .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
    let Some((top, _, top_id)) = best else {
        return Vec::new();
    };
    let Some(top_node) = html.tree.get(top_id) else {
        return Vec::new();
    };
    let Some(parent) = top_node.parent() else {
        return vec![top_id];
    };
    let score_of: HashMap<NodeId, f64> = finals.iter().map(|&(f, _, id)| (id, f)).collect();
    let threshold = (top * 0.2).max(10.0);
    let mut out = Vec::new();
    for sib in parent.children() {
        let Some(el) = sib.value().as_element() else {
            continue;
        };
        let id = sib.id();
        let keep = id == top_id
            || score_of.get(&id).is_some_and(|&f| f >= threshold)
            || (el.name() == "p"
                && stats.get(&id).is_some_and(|s| {
                    (s.chars > 80 && s.link_density() < 0.25)
                        || (s.chars > 0 && s.link_chars == 0 && ends_a_sentence(&sib))
                }));
        if keep {
            out.push(id);
        }
    }
    out
}

/// Whether an element's last visible text ends with sentence punctuation.
fn ends_a_sentence(node: &NodeRef<'_, Node>) -> bool {
    node.descendants()
        .filter_map(|n| n.value().as_text().map(|t| t.trim_end().to_string()))
        .filter(|t| !t.is_empty())
        .last()
        .is_some_and(|t| t.ends_with(['.', '!', '?', '\u{201D}', '"']))
}
