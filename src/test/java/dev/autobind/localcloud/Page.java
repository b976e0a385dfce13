package dev.autobind.localcloud;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One page of a listing, with an opaque token for the next page (empty on the last page). */
record Page<T>(List<T> items, String nextPageToken) {

  private static final Pattern TOKEN = Pattern.compile("offset:([0-9]{1,9})");
  private static final int MAX_PAGE_SIZE = 1000;

  Page {
    items = List.copyOf(items);
  }

  /** Cuts the page that {@code pageToken} points at; {@code pageSize} 0 means {@code defaultSize}. */
  static <T> Page<T> of(List<T> all, int pageSize, String pageToken, int defaultSize) {
    if (pageSize < 0) {
      throw Rpc.invalid("page_size must not be negative; got " + pageSize + ".");
    }
    int size = pageSize == 0 ? defaultSize : Math.min(pageSize, MAX_PAGE_SIZE);
    int from = pageToken.isEmpty() ? 0 : offset(pageToken);
    if (from > all.size()) {
      throw Rpc.invalid("Invalid page token '" + pageToken + "'.");
    }
    int to = Math.min(all.size(), from + size);
    String next = to < all.size() ? encode(to) : "";
    return new Page<>(all.subList(from, to), next);
  }

  private static int offset(String token) {
    try {
      Matcher m = TOKEN.matcher(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
      if (m.matches()) {
        return Integer.parseInt(m.group(1));
      }
    } catch (IllegalArgumentException e) {
      throw Rpc.invalid("Invalid page token '" + token + "': " + e.getMessage());
    }
    throw Rpc.invalid("Invalid page token '" + token + "'.");
  }

  private static String encode(int offset) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(("offset:" + offset).getBytes(StandardCharsets.UTF_8));
  }
}
