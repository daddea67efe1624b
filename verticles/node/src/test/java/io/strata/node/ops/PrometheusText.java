package io.strata.node.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A reader of the Prometheus text exposition format, enough to check names and labels of a scrape. */
record PrometheusText(Map<String, String> types, List<Sample> samples) {

    record Sample(String name, Map<String, String> labels, String value) {
    }

    static PrometheusText parse(String text) {
        Map<String, String> types = new LinkedHashMap<>();
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).trim().split(" ");
                types.put(parts[0], parts[1]);
            } else if (!line.startsWith("#")) {
                samples.add(sample(line));
            }
        }
        return new PrometheusText(types, samples);
    }

    private static Sample sample(String line) {
        int brace = line.indexOf('{');
        int space = line.indexOf(' ');
        if (brace < 0 || brace > space) {
            return new Sample(line.substring(0, space), Map.of(), line.substring(space + 1).trim());
        }
        String name = line.substring(0, brace);
        Map<String, String> labels = new LinkedHashMap<>();
        int i = brace + 1;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String key = line.substring(i, equals).trim();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            while (line.charAt(j) != '"') {
                if (line.charAt(j) == '\\') {
                    j++;
                    value.append(line.charAt(j) == 'n' ? '\n' : line.charAt(j));
                } else {
                    value.append(line.charAt(j));
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return new Sample(name, labels, line.substring(i + 1).trim());
    }
}
