import math
import unittest

from evaldiag.values import ValueSyntaxError, parse_value


class ValuesTests(unittest.TestCase):
    def test_lists_of_numbers_as_print_shows_them(self):
        self.assertEqual(parse_value("[1, 0.5, 1e-05, 1.5e+20, -3]"), [1.0, 0.5, 1e-05, 1.5e20, -3.0])

    def test_words(self):
        value = parse_value("[none, true, false, inf, -inf]")
        self.assertEqual(value[:3], [None, True, False])
        self.assertEqual(value[3:], [math.inf, -math.inf])
        self.assertTrue(math.isnan(parse_value("nan")))

    def test_strings_with_escapes_and_records(self):
        value = parse_value('[{layer: "dense_1", shape: "32×2", health: "↑ exploding", zeros: 0}, "a\\"b"]')
        self.assertEqual(value[0], {"layer": "dense_1", "shape": "32×2", "health": "↑ exploding", "zeros": 0.0})
        self.assertEqual(value[1], 'a"b')

    def test_nested_and_empty(self):
        self.assertEqual(parse_value("[[1, 2], [], {}]"), [[1.0, 2.0], [], {}])

    def test_not_a_value(self):
        with self.assertRaises(ValueSyntaxError):
            parse_value("[1, 2")
        with self.assertRaises(ValueSyntaxError):
            parse_value("classification")
