package dev.e2ee.exporter.architecture;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Measures a Java source file as a reader sees it: its lines, and the lines of each method or
 * constructor from its signature to its closing brace. Braces inside strings, text blocks, char
 * literals and comments are skipped; lambdas, blocks of control statements and anonymous class
 * bodies count as part of the method around them.
 */
final class SourceSizes {
  /** One method or constructor: its name and how many lines it spans. */
  record Method(String name, int lines) {}

  private static final Pattern CONTROL =
      Pattern.compile("^(if|for|while|switch|catch|synchronized|try|do|else|return|throw)\\b.*");
  private static final Pattern NAME = Pattern.compile("([A-Za-z_$][\\w$]*)\\s*\\(");

  private SourceSizes() {}

  static int lines(String source) {
    return (int) source.lines().count();
  }

  /** The methods of every class in the file, outermost declarations only. */
  static List<Method> methods(String source) {
    List<Method> methods = new ArrayList<>();
    StringBuilder head = new StringBuilder(); // text since the last ; { or } at this depth
    int headLine = 1;
    int line = 1;
    int depth = 0;
    int methodDepth = -1; // brace depth inside the method being measured, or -1
    int methodStart = 0;
    String methodName = "";
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\n') {
        line++;
        head.append(' ');
        i++;
        continue;
      }
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i) < 0 ? n : source.indexOf('\n', i);
        continue;
      }
      if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        int stop = end < 0 ? n : end + 2;
        line += count(source, i, stop);
        i = stop;
        continue;
      }
      if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        int stop = end < 0 ? n : end + 3;
        line += count(source, i, stop);
        head.append("\"\"");
        i = stop;
        continue;
      }
      if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        head.append("\"\"");
        i = j + 1;
        continue;
      }
      if (c == '{') {
        if (methodDepth < 0 && isMethodHead(head.toString().strip())) {
          methodDepth = depth;
          methodStart = headLine;
          methodName = name(head.toString());
        }
        depth++;
        head.setLength(0);
        headLine = line;
      } else if (c == '}') {
        depth--;
        if (depth == methodDepth) {
          methods.add(new Method(methodName, line - methodStart + 1));
          methodDepth = -1;
        }
        head.setLength(0);
        headLine = line;
      } else if (c == ';') {
        head.setLength(0);
        headLine = line;
      } else {
        if (head.toString().isBlank() && !Character.isWhitespace(c)) {
          headLine = line;
        }
        head.append(c);
      }
      i++;
    }
    return methods;
  }

  private static boolean isMethodHead(String head) {
    String code = head.replaceAll("^(@[\\w.]+(\\([^)]*\\))?\\s*)+", "");
    boolean endsLikeParameters =
        code.endsWith(")") || code.matches("(?s).*\\)\\s*throws\\s+[\\w.,\\s<>]+");
    return code.contains("(")
        && endsLikeParameters
        && !code.matches("(?s).*\\b(record|class|enum|interface)\\s.*")
        && !code.contains("->")
        && !code.contains("=")
        && !code.matches("(?s).*\\bnew\\s.*")
        && !CONTROL.matcher(code).matches();
  }

  private static String name(String head) {
    String beforeParams = head.substring(0, head.indexOf('(') + 1);
    var m = NAME.matcher(beforeParams);
    String found = "?";
    while (m.find()) {
      found = m.group(1);
    }
    return found;
  }

  private static int count(String s, int from, int to) {
    int lines = 0;
    for (int k = from; k < to; k++) {
      if (s.charAt(k) == '\n') {
        lines++;
      }
    }
    return lines;
  }
}
