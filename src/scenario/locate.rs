//! Finds where a value sits in a RON source, so semantic errors can say `file:line:col`.
//!
//! serde forgets positions once a file is deserialized. This module re-reads the (already
//! syntactically valid) text into a light tree of positions, then answers queries such as
//! `nations[2].relations[0].with` with the line and column of that value. Enum payloads are
//! addressed by index (`objectives[0].metric.0`), struct-like variants by field name.
//!
//! The reader is defensive: on any surprise it stops and keeps what it has, so a lookup falls
//! back to the nearest enclosing value. It never panics and always terminates (each step
//! consumes input; depth is capped).

/// 1-based line and column (in characters), as ron reports them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Default)]
struct Node {
    pos: Option<Pos>,
    /// Named children (struct fields, or string map keys).
    fields: Vec<(String, Node)>,
    /// Positional children (list items, tuple items, enum payload items).
    items: Vec<Node>,
}

/// Deepest nesting the reader follows; the scenario parser refuses deeper input anyway.
const MAX_DEPTH: usize = 256;

pub struct Locator {
    root: Node,
}

impl Locator {
    pub fn new(src: &str) -> Locator {
        let mut r = Reader {
            chars: src.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
        };
        r.skip_ws();
        r.skip_attributes();
        let root = r.value(0).unwrap_or_default();
        Locator { root }
    }

    /// Position of the value at `path`, or of its nearest ancestor that exists.
    pub fn find(&self, path: &str) -> Pos {
        let mut node = &self.root;
        let mut best = node.pos.unwrap_or(Pos { line: 1, col: 1 });
        for seg in split_path(path) {
            let next = match seg {
                Seg::Field(name) => node
                    .fields
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, n)| n)
                    // A newtype enum payload wraps the struct: look one level inside.
                    .or_else(|| {
                        node.items.first().and_then(|inner| {
                            inner.fields.iter().find(|(k, _)| k == name).map(|(_, n)| n)
                        })
                    }),
                Seg::Index(i) => node.items.get(i),
            };
            match next {
                Some(n) => {
                    node = n;
                    if let Some(p) = n.pos {
                        best = p;
                    }
                }
                None => break,
            }
        }
        best
    }
}

enum Seg<'a> {
    Field(&'a str),
    Index(usize),
}

/// Splits `a.b[3].c` into segments. Unparseable indices end the path.
fn split_path(path: &str) -> Vec<Seg<'_>> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let (name, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !name.is_empty() {
            match name.parse::<usize>() {
                Ok(i) => out.push(Seg::Index(i)),
                Err(_) => out.push(Seg::Field(name)),
            }
        }
        while let Some(stripped) = rest.strip_prefix('[') {
            let Some(end) = stripped.find(']') else {
                return out;
            };
            match stripped[..end].parse::<usize>() {
                Ok(i) => out.push(Seg::Index(i)),
                Err(_) => return out,
            }
            rest = &stripped[end + 1..];
        }
    }
    out
}

struct Reader {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
}

impl Reader {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }
    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            col: self.col,
        }
    }

    fn skip_ws(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.bump() {
                        if c == '\n' {
                            break;
                        }
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1usize;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return,
            }
        }
    }

    /// Skips `#![enable(...)]` lines.
    fn skip_attributes(&mut self) {
        while self.peek() == Some('#') {
            while let Some(c) = self.bump() {
                if c == ']' {
                    break;
                }
            }
            self.skip_ws();
        }
    }

    fn value(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        self.skip_ws();
        let pos = self.pos();
        let c = self.peek()?;
        let mut node = Node {
            pos: Some(pos),
            ..Node::default()
        };
        match c {
            '(' => self.paren_body(&mut node, depth)?,
            '[' => self.list_body(&mut node, depth)?,
            '{' => self.map_body(&mut node, depth)?,
            '"' => {
                self.string()?;
            }
            '\'' => self.char_lit()?,
            'r' if matches!(self.peek_at(1), Some('"') | Some('#')) => {
                self.raw_string()?;
            }
            'b' if self.peek_at(1) == Some('"') => {
                self.bump();
                self.string()?;
            }
            c if c.is_alphabetic() || c == '_' => {
                self.ident();
                self.skip_ws();
                if self.peek() == Some('(') {
                    self.paren_body(&mut node, depth)?;
                }
            }
            _ => self.scalar(),
        }
        Some(node)
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        // Raw identifiers `r#name`.
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    /// Numbers and other bare tokens: consume until a delimiter.
    fn scalar(&mut self) {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}' | ':' | '(' | '[' | '{') {
                break;
            }
            self.bump();
        }
        if self.i == start {
            // Unknown delimiter: consume it so the reader always advances.
            self.bump();
        }
    }

    fn string(&mut self) -> Option<String> {
        self.bump(); // opening quote
        let mut s = String::new();
        loop {
            match self.bump()? {
                '"' => return Some(s),
                '\\' => {
                    if let Some(e) = self.bump() {
                        s.push(e);
                    }
                }
                c => s.push(c),
            }
        }
    }

    fn raw_string(&mut self) -> Option<String> {
        self.bump(); // r
        let mut hashes = 0usize;
        while self.peek() == Some('#') {
            self.bump();
            hashes += 1;
        }
        if self.bump()? != '"' {
            return None;
        }
        let mut s = String::new();
        loop {
            let c = self.bump()?;
            if c == '"' && (0..hashes).all(|k| self.peek_at(k) == Some('#')) {
                for _ in 0..hashes {
                    self.bump();
                }
                return Some(s);
            }
            s.push(c);
        }
    }

    fn char_lit(&mut self) -> Option<()> {
        self.bump();
        loop {
            match self.bump()? {
                '\'' => return Some(()),
                '\\' => {
                    self.bump();
                }
                _ => {}
            }
        }
    }

    /// `( ... )`: struct fields `name: value`, or positional items.
    fn paren_body(&mut self, node: &mut Node, depth: usize) -> Option<()> {
        self.bump(); // (
        loop {
            self.skip_ws();
            match self.peek()? {
                ')' => {
                    self.bump();
                    return Some(());
                }
                ',' => {
                    self.bump();
                    continue;
                }
                _ => {}
            }
            if let Some(name) = self.field_name() {
                let child = self.value(depth + 1)?;
                node.fields.push((name, child));
            } else {
                let child = self.value(depth + 1)?;
                node.items.push(child);
            }
        }
    }

    /// If the input is `ident :` (not `ident::`), consumes it and returns the name.
    fn field_name(&mut self) -> Option<String> {
        let c = self.peek()?;
        if !(c.is_alphabetic() || c == '_') {
            return None;
        }
        let save = (self.i, self.line, self.col);
        let name = self.ident();
        self.skip_ws();
        if self.peek() == Some(':') && self.peek_at(1) != Some(':') {
            self.bump();
            Some(name)
        } else {
            (self.i, self.line, self.col) = save;
            None
        }
    }

    fn list_body(&mut self, node: &mut Node, depth: usize) -> Option<()> {
        self.bump(); // [
        loop {
            self.skip_ws();
            match self.peek()? {
                ']' => {
                    self.bump();
                    return Some(());
                }
                ',' => {
                    self.bump();
                }
                _ => {
                    let child = self.value(depth + 1)?;
                    node.items.push(child);
                }
            }
        }
    }

    fn map_body(&mut self, node: &mut Node, depth: usize) -> Option<()> {
        self.bump(); // {
        loop {
            self.skip_ws();
            match self.peek()? {
                '}' => {
                    self.bump();
                    return Some(());
                }
                ',' => {
                    self.bump();
                }
                '"' => {
                    let key = self.string()?;
                    self.skip_ws();
                    if self.bump()? != ':' {
                        return None;
                    }
                    let child = self.value(depth + 1)?;
                    node.fields.push((key, child));
                }
                _ => {
                    let key = self.value(depth + 1)?;
                    self.skip_ws();
                    if self.bump()? != ':' {
                        return None;
                    }
                    node.items.push(key);
                    let child = self.value(depth + 1)?;
                    node.items.push(child);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r##"#![enable(implicit_some)]
// a comment
Scenario(
    id: "x", /* block /* nested */ */
    nations: [
        (id: "US", relations: [(with: "CN", trust: 0.5)]),
        Nation(id: "CN", tags: r#"raw"#, metric: ImportReliance("ndpr")),
    ],
    trigger: Chance(per_turn: 0.1, from_turn: 1),
)
"##;

    #[test]
    fn finds_nested_values() {
        let l = Locator::new(SRC);
        assert_eq!(l.find("id"), Pos { line: 4, col: 9 });
        assert_eq!(
            l.find("nations[0].relations[0].with"),
            Pos { line: 6, col: 39 }
        );
        assert_eq!(l.find("nations[1].id"), Pos { line: 7, col: 20 });
        assert_eq!(l.find("nations[1].metric.0"), Pos { line: 7, col: 65 });
        assert_eq!(l.find("trigger.from_turn"), Pos { line: 9, col: 47 });
    }

    #[test]
    fn missing_path_falls_back_to_ancestor() {
        let l = Locator::new(SRC);
        assert_eq!(l.find("nations[1].nope"), l.find("nations[1]"));
        assert_eq!(l.find("nations[9].id"), l.find("nations"));
    }

    #[test]
    fn survives_garbage() {
        for src in [
            "",
            "(",
            "[[[",
            "\"unterminated",
            "r#\"x",
            "(a: )",
            "{1: }",
            "/* x",
            "#![",
        ] {
            let l = Locator::new(src);
            // Any path falls back to somewhere in the text (the start, at worst).
            let p = l.find("a.b[0]");
            let lines = src.lines().count().max(1);
            assert!(
                p.line >= 1 && p.line <= lines && p.col >= 1,
                "{src:?}: {p:?}"
            );
            assert_eq!(l.find("nope[3].x"), l.find(""), "{src:?}");
        }
    }
}
