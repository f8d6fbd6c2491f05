package io.meridian.conversation;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * National identity numbers as customers type them, for masking before they are stored (docs/privacy.md#masking).
 * Only formats that can be told from an order or tracking number are here: each is matched in its written form
 * (separators where the format has them) and then checked — a check digit or letter, a valid birth date — so a
 * number that merely looks alike stays as written. Formats whose only mark is a bare run of digits with a weak check
 * (the Netherlands' BSN, Japan's My Number, Germany's tax id) are left out on purpose.
 */
final class NationalIdNumbers {

    /** One format: what it looks like and whether a match checks out. */
    record Format(String name, Pattern pattern, Predicate<Matcher> valid) {
    }

    private static final String CHECK_LETTERS_ES = "TRWAGMYFPDXBNJZSQVHLCKE";
    private static final Set<String> NINO_NEVER = Set.of("BG", "GB", "KN", "NK", "NT", "TN", "ZZ");

    static final List<Format> FORMATS = List.of(
            // United States social security number, with its dashes: no area 000, 666 or 9xx, no group 00 or serial 0000.
            new Format("us-ssn", Pattern.compile("(?<![\\d-])(\\d{3})-(\\d{2})-(\\d{4})(?![\\d-])"), m -> {
                int area = Integer.parseInt(m.group(1));
                return area != 0 && area != 666 && area < 900 && !m.group(2).equals("00") && !m.group(3).equals("0000");
            }),
            // United Kingdom National Insurance number: two letters of the allowed ones, six digits, A to D.
            new Format("uk-nino", Pattern.compile("(?<![A-Za-z0-9])([A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]) ?(\\d{2}) ?"
                    + "(\\d{2}) ?(\\d{2}) ?([A-D])(?![A-Za-z0-9])"), m -> !NINO_NEVER.contains(m.group(1))),
            // France's NIR (numéro de sécurité sociale): sex, year, month, department (2A/2B: Corsica), key mod 97.
            new Format("fr-nir", Pattern.compile("(?<![\\dA-Za-z])([12]) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}|2[AB]) ?(\\d{3}) ?"
                    + "(\\d{3}) ?(\\d{2})(?![\\dA-Za-z])"), NationalIdNumbers::frenchKey),
            // Spain's DNI (8 digits) and NIE (X, Y or Z and 7 digits), with their check letter.
            new Format("es-dni", Pattern.compile("(?<![A-Za-z0-9])([XYZ]?)(\\d{7,8})-?([A-Z])(?![A-Za-z0-9])"),
                    NationalIdNumbers::spanishLetter),
            // Italy's codice fiscale: surname, name, birth date and place, check letter.
            new Format("it-cf", Pattern.compile("(?<![A-Za-z0-9])[A-Z]{6}\\d{2}[ABCDEHLMPRST]\\d{2}[A-Z]\\d{3}[A-Z]"
                    + "(?![A-Za-z0-9])"), m -> italianCheck(m.group())),
            // Sweden's personnummer: birth date, a dash (a plus past 100 years), Luhn over the last ten digits.
            new Format("se-pnr", Pattern.compile("(?<![\\d-])(\\d{2})?(\\d{2})(\\d{2})(\\d{2})[-+](\\d{4})(?![\\d-])"),
                    NationalIdNumbers::swedish),
            // China's resident identity card number: region, birth date, ISO 7064 MOD 11-2 check character.
            new Format("cn-rid", Pattern.compile("(?<![0-9A-Za-z])\\d{17}[\\dXx](?![0-9A-Za-z])"),
                    m -> chinese(m.group())),
            // South Korea's resident registration number: birth date, a dash, the century and sex digit.
            new Format("kr-rrn", Pattern.compile("(?<![\\d-])(\\d{2})(\\d{2})(\\d{2})-([1-8])(\\d{6})(?![\\d-])"),
                    m -> date(century(m.group(4)) + Integer.parseInt(m.group(1)), m.group(2), m.group(3))),
            // Brazil's CPF as written, ddd.ddd.ddd-dd, with its two check digits.
            new Format("br-cpf", Pattern.compile("(?<![\\d.])(\\d{3})\\.(\\d{3})\\.(\\d{3})-(\\d{2})(?![\\d.-])"),
                    m -> brazilian(m.group(1) + m.group(2) + m.group(3) + m.group(4))),
            // India's Aadhaar in its printed groups of four, first digit 2 to 9, Verhoeff check digit.
            new Format("in-aadhaar", Pattern.compile("(?<!\\d)(?<!\\d )([2-9]\\d{3}) (\\d{4}) (\\d{4})(?! ?\\d)"),
                    m -> verhoeff(m.group(1) + m.group(2) + m.group(3))));

    private NationalIdNumbers() {
    }

    private static boolean frenchKey(Matcher m) {
        String department = m.group(4);
        // Corsica's departments count as 19 (2A) and 18 (2B) for the key.
        String numeric = department.equals("2A") ? "19" : department.equals("2B") ? "18" : department;
        long body = Long.parseLong(m.group(1) + m.group(2) + m.group(3) + numeric + m.group(5) + m.group(6));
        int month = Integer.parseInt(m.group(3));
        boolean monthOk = month >= 1 && month <= 12 || month >= 20;
        return monthOk && 97 - body % 97 == Integer.parseInt(m.group(7));
    }

    private static boolean spanishLetter(Matcher m) {
        String prefix = m.group(1);
        String digits = m.group(2);
        if (prefix.isEmpty() ? digits.length() != 8 : digits.length() != 7) {
            return false;
        }
        int lead = prefix.isEmpty() ? 0 : "XYZ".indexOf(prefix.charAt(0));
        long number = Long.parseLong(lead + digits);
        return CHECK_LETTERS_ES.charAt((int) (number % 23)) == m.group(3).charAt(0);
    }

    /** The codice fiscale's check letter: odd and even positions weighted by the law's two tables. */
    static boolean italianCheck(String code) {
        int[] odd = {1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23};
        int sum = 0;
        for (int i = 0; i < 15; i++) {
            char c = code.charAt(i);
            int v = Character.isDigit(c) ? c - '0' : c - 'A';
            sum += i % 2 == 0 ? odd[v] : v;
        }
        return code.charAt(15) == (char) ('A' + sum % 26);
    }

    private static boolean swedish(Matcher m) {
        int day = Integer.parseInt(m.group(4));
        // A co-ordination number adds 60 to the day.
        int realDay = day > 60 ? day - 60 : day;
        String dayText = String.format("%02d", realDay);
        int year = Integer.parseInt(m.group(2));
        boolean born = m.group(1) != null ? date(Integer.parseInt(m.group(1)) * 100 + year, m.group(3), dayText)
                : date(2000 + year, m.group(3), dayText) || date(1900 + year, m.group(3), dayText);
        return born && StoredTextMasking.luhn(m.group(2) + m.group(3) + m.group(4) + m.group(5));
    }

    static boolean chinese(String id) {
        if (!date(Integer.parseInt(id.substring(6, 10)), id.substring(10, 12), id.substring(12, 14))) {
            return false;
        }
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (id.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11) == Character.toUpperCase(id.charAt(17));
    }

    private static int century(String digit) {
        return switch (digit) {
            case "1", "2", "5", "6" -> 1900;
            default -> 2000;
        };
    }

    static boolean brazilian(String digits) {
        if (digits.chars().distinct().count() == 1) {
            return false; // 111.111.111-11 and the like pass the arithmetic but are not issued
        }
        int[] d = digits.chars().map(c -> c - '0').toArray();
        int first = 0;
        for (int i = 0; i < 9; i++) {
            first += d[i] * (10 - i);
        }
        int second = 0;
        for (int i = 0; i < 10; i++) {
            second += d[i] * (11 - i);
        }
        return first * 10 % 11 % 10 == d[9] && second * 10 % 11 % 10 == d[10];
    }

    private static final int[][] VERHOEFF_D = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 2, 3, 4, 0, 6, 7, 8, 9, 5},
        {2, 3, 4, 0, 1, 7, 8, 9, 5, 6}, {3, 4, 0, 1, 2, 8, 9, 5, 6, 7}, {4, 0, 1, 2, 3, 9, 5, 6, 7, 8},
        {5, 9, 8, 7, 6, 0, 4, 3, 2, 1}, {6, 5, 9, 8, 7, 1, 0, 4, 3, 2}, {7, 6, 5, 9, 8, 2, 1, 0, 4, 3},
        {8, 7, 6, 5, 9, 3, 2, 1, 0, 4}, {9, 8, 7, 6, 5, 4, 3, 2, 1, 0}};
    private static final int[][] VERHOEFF_P = {{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, {1, 5, 7, 6, 2, 8, 3, 0, 9, 4},
        {5, 8, 0, 3, 7, 9, 6, 1, 4, 2}, {8, 9, 1, 6, 0, 4, 3, 5, 2, 7}, {9, 4, 5, 3, 1, 2, 6, 8, 7, 0},
        {4, 2, 8, 6, 5, 7, 3, 9, 0, 1}, {2, 7, 9, 3, 8, 0, 6, 4, 1, 5}, {7, 0, 4, 6, 9, 1, 3, 2, 5, 8}};

    static boolean verhoeff(String digits) {
        int c = 0;
        for (int i = 0; i < digits.length(); i++) {
            c = VERHOEFF_D[c][VERHOEFF_P[i % 8][digits.charAt(digits.length() - 1 - i) - '0']];
        }
        return c == 0;
    }

    private static boolean date(int year, String month, String day) {
        try {
            LocalDate.of(year, Integer.parseInt(month), Integer.parseInt(day));
            return year >= 1900 && year <= 2099;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
