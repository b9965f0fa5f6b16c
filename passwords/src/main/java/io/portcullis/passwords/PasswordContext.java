package io.portcullis.passwords;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the checker knows about the person choosing the password: their user name, e-mail
 * address and any other words (a display name). The site name and configured extra words come
 * from the {@link PasswordPolicy}. Null and blank entries are ignored.
 *
 * @param userName the account name, or null
 * @param email    the e-mail address, or null; its local part and domain labels count as words
 * @param words    further personal words (full name, company), never null
 */
public record PasswordContext(String userName, String email, List<String> words) {

    public PasswordContext {
        words = List.copyOf(Objects.requireNonNull(words, "words").stream().filter(Objects::nonNull).toList());
    }

    /** No personal context: only the policy's site name and extra words apply. */
    public static PasswordContext none() {
        return new PasswordContext(null, null, List.of());
    }

    /** A user name and an e-mail address (either may be null). */
    public static PasswordContext of(String userName, String email) {
        return new PasswordContext(userName, email, List.of());
    }

    /** This context with more personal words. */
    public PasswordContext withWords(String... more) {
        List<String> all = new ArrayList<>(words);
        all.addAll(List.of(more));
        return new PasswordContext(userName, email, all);
    }

    /** Every non-blank value, user name and e-mail first. */
    List<String> values() {
        List<String> out = new ArrayList<>();
        if (userName != null && !userName.isBlank()) {
            out.add(userName);
        }
        if (email != null && !email.isBlank()) {
            out.add(email);
        }
        words.stream().filter(w -> !w.isBlank()).forEach(out::add);
        return out;
    }

    @Override
    public String toString() {
        return "PasswordContext[userName=" + userName + ", email=" + email + ", words=" + words.size() + "]";
    }
}
