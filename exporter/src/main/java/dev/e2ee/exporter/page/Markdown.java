package dev.e2ee.exporter.page;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Markdown the runbook is written in, to HTML: headings with GitHub's anchors (so the alert
 * rules' {@code runbook_url} anchors land), paragraphs, lists, fenced code, tables, and inline
 * code, bold, emphasis and links. Everything is escaped first; nothing else of Markdown is needed
 * here.
 */
public final class Markdown {
  private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.*)");
  private static final Pattern BULLET = Pattern.compile("\\s*[-*]\\s+(.*)");
  private static final Pattern NUMBERED = Pattern.compile("\\s*\\d+\\.\\s+(.*)");
  private static final Pattern INLINE =
      Pattern.compile(
          "`([^`]+)`|\\*\\*(.+?)\\*\\*|\\[([^\\]]+)\\]\\(([^)\\s]+)\\)|\\*([^*\\s][^*]*)\\*");

  private final StringBuilder html = new StringBuilder(16384);
  private final Map<String, Integer> slugs = new HashMap<>();
  private final List<String> paragraph = new ArrayList<>();
  private String openList = "";

  private Markdown() {}

  public static String toHtml(String markdown) {
    Markdown m = new Markdown();
    m.render(markdown.lines().toList());
    return m.html.toString();
  }

  private void render(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher h = HEADING.matcher(line);
      if (line.startsWith("```")) {
        flush();
        StringBuilder code = new StringBuilder();
        for (i++; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
          code.append(Html.escape(lines.get(i))).append('\n');
        }
        html.append("<pre><code>").append(code).append("</code></pre>\n");
      } else if (line.isBlank()) {
        flush();
      } else if (h.matches()) {
        flush();
        int level = h.group(1).length();
        String slug = slug(h.group(2));
        html.append("<h")
            .append(level)
            .append(" id=\"")
            .append(slug)
            .append("\">")
            .append(inline(h.group(2)))
            .append(" <a class=\"anchor\" href=\"#")
            .append(slug)
            .append("\">#</a></h")
            .append(level)
            .append(">\n");
      } else if (line.startsWith("|")) {
        flush();
        i = table(lines, i) - 1;
      } else if (BULLET.matcher(line).matches() && !line.startsWith("  ")) {
        item("ul", BULLET, line);
      } else if (NUMBERED.matcher(line).matches() && !line.startsWith("  ")) {
        item("ol", NUMBERED, line);
      } else {
        paragraph.add(line.strip());
      }
    }
    flush();
  }

  /** A list item starts; its continuation lines gather in {@code paragraph} until the next. */
  private void item(String kind, Pattern pattern, String line) {
    flushParagraph();
    if (!openList.equals(kind)) {
      closeList();
      html.append('<').append(kind).append(">\n");
      openList = kind;
    } else {
      html.append("</li>\n");
    }
    Matcher m = pattern.matcher(line);
    html.append("<li>");
    paragraph.add(m.matches() ? m.group(1) : line);
  }

  private int table(List<String> lines, int start) {
    html.append("<div class=\"scroll\"><table>\n");
    int i = start;
    boolean header = true;
    for (; i < lines.size() && lines.get(i).startsWith("|"); i++) {
      String row = lines.get(i).strip();
      if (row.matches("\\|[\\s:|-]+\\|?")) {
        continue;
      }
      String[] cells =
          row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length()).split("\\|", -1);
      html.append("<tr>");
      for (String cell : cells) {
        String tag = header ? "th" : "td";
        html.append('<')
            .append(tag)
            .append('>')
            .append(inline(cell.strip()))
            .append("</")
            .append(tag)
            .append('>');
      }
      html.append("</tr>\n");
      header = false;
    }
    html.append("</table></div>\n");
    return i;
  }

  private void flush() {
    flushParagraph();
    closeList();
  }

  private void flushParagraph() {
    if (paragraph.isEmpty()) {
      return;
    }
    String text = inline(String.join(" ", paragraph));
    html.append(openList.isEmpty() ? "<p>" + text + "</p>\n" : text);
    paragraph.clear();
  }

  private void closeList() {
    if (!openList.isEmpty()) {
      html.append("</li>\n</").append(openList).append(">\n");
      openList = "";
    }
  }

  /** Escapes the text, then turns code spans, bold, emphasis and links into HTML. */
  static String inline(String text) {
    StringBuilder out = new StringBuilder(text.length() + 32);
    Matcher m = INLINE.matcher(text);
    int last = 0;
    while (m.find()) {
      out.append(Html.escape(text.substring(last, m.start())));
      if (m.group(1) != null) {
        out.append("<code>").append(Html.escape(m.group(1))).append("</code>");
      } else if (m.group(2) != null) {
        out.append("<strong>").append(inline(m.group(2))).append("</strong>");
      } else if (m.group(3) != null) {
        out.append("<a href=\"")
            .append(Html.escape(link(m.group(4))))
            .append("\">")
            .append(inline(m.group(3)))
            .append("</a>");
      } else {
        out.append("<em>").append(inline(m.group(5))).append("</em>");
      }
      last = m.end();
    }
    return out.append(Html.escape(text.substring(last))).toString();
  }

  /** Only web and in-page links are kept as they are; anything else (javascript:) becomes inert. */
  private static String link(String target) {
    String lower = target.toLowerCase(Locale.ROOT);
    return lower.startsWith("http://") || lower.startsWith("https://") || target.startsWith("#")
        ? target
        : "#" + target.replaceAll("[^A-Za-z0-9_.#/-]", "");
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, spaces to dashes, -1 for repeats. */
  String slug(String heading) {
    String base =
        heading
            .strip()
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "")
            .replace(' ', '-');
    int seen = slugs.merge(base, 1, Integer::sum);
    return seen == 1 ? base : base + "-" + (seen - 1);
  }
}
