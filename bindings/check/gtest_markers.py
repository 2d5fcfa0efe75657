"""A unittest runner that prints GoogleTest's markers, which the project's summary parser reads:
"[ RUN      ] name", "[       OK ] name" / "[  FAILED  ] name" / "[  SKIPPED ] name", then
"[  PASSED  ] N tests." and, if any failed, "[  FAILED  ] M tests, listed below:" and the names."""
import sys
import traceback
import unittest


class MarkerResult(unittest.TestResult):
    def __init__(self, stream):
        super().__init__()
        self.stream = stream
        self.passed, self.failed_names, self.skipped_names = [], [], []

    def _name(self, test):
        return "%s.%s" % (type(test).__name__, test._testMethodName)

    def startTest(self, test):
        super().startTest(test)
        self.stream.write("[ RUN      ] %s\n" % self._name(test))

    def addSuccess(self, test):
        self.passed.append(self._name(test))
        self.stream.write("[       OK ] %s\n" % self._name(test))

    def _fail(self, test, error):
        self.failed_names.append(self._name(test))
        self.stream.write("".join(traceback.format_exception(*error)))
        self.stream.write("[  FAILED  ] %s\n" % self._name(test))

    addFailure = _fail
    addError = _fail

    def addSkip(self, test, reason):
        self.skipped_names.append(self._name(test))
        self.stream.write("    skipped: %s\n[  SKIPPED ] %s\n" % (reason, self._name(test)))


def run(suite, stream=sys.stdout):
    """Runs the suite, prints the markers; returns the process exit status."""
    result = MarkerResult(stream)
    suite.run(result)
    stream.write("[  PASSED  ] %d tests.\n" % len(result.passed))
    if result.skipped_names:
        stream.write("[  SKIPPED ] %d tests, listed below:\n" % len(result.skipped_names))
        for name in result.skipped_names:
            stream.write("[  SKIPPED ] %s\n" % name)
    if result.failed_names:
        stream.write("[  FAILED  ] %d tests, listed below:\n" % len(result.failed_names))
        for name in result.failed_names:
            stream.write("[  FAILED  ] %s\n" % name)
        return 1
    return 0
