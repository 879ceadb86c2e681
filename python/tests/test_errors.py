"""Errors: bad input is ValueError with the command line's one-line message, no solution
is loftrange.NoSolution, and nothing panics into Python."""

import pytest

import loftrange

from conftest import cli_error


@pytest.mark.parametrize(
    "kwargs, args",
    [
        (dict(apogee="4475 parsecs", range="950km"), ["--apogee", "4475 parsecs", "--range", "950km"]),
        (dict(apogee=-1, range=950), ["--apogee", "-1km", "--range", "950km"]),
        (dict(apogee=4475, range=950, flight_time="53"), ["--apogee", "4475km", "--range", "950km", "--flight-time", "53"]),
        (dict(apogee=4475, range=950, model="flat"), ["--apogee", "4475km", "--range", "950km", "--model", "flat"]),
        (dict(apogee=4475, range=950, site="atlantis"), ["--apogee", "4475km", "--range", "950km", "--site", "atlantis"]),
        (dict(apogee=4475, range=950, site="91,0"), ["--apogee", "4475km", "--range", "950km", "--site", "91,0"]),
        (dict(apogee=4475), ["--apogee", "4475km"]),
        (dict(test="2017-11-28-hwasong15-kcnaa"), ["--test", "2017-11-28-hwasong15-kcnaa"]),
        (dict(vehicle="/nonexistent.toml"), ["--vehicle", "/nonexistent.toml"]),
        (dict(apogee=4475, range=950, targets=["washington"]), ["--apogee", "4475km", "--range", "950km", "--target", "washington"]),
    ],
)
def test_bad_input_is_value_error_with_the_cli_message(kwargs, args):
    expected = cli_error("estimate", *args, code=2)
    # The flags clap checks (--model's names) end with a pointer to the command's help.
    expected = expected.removesuffix(" (see loftrange --help)")
    with pytest.raises(ValueError) as e:
        loftrange.estimate(**kwargs)
    assert str(e.value) == expected
    assert "\n" not in str(e.value)


def test_no_solution_is_its_own_exception_with_the_cli_message():
    assert issubclass(loftrange.NoSolution, Exception)
    assert loftrange.NoSolution.__module__ == "loftrange"
    expected = cli_error("estimate", "--apogee", "4475+-1e300km", "--range", "950km", "--samples", "50", code=1)
    with pytest.raises(loftrange.NoSolution) as e:
        loftrange.monte_carlo("4475+-1e300km", "950km", samples=50)
    assert str(e.value) == expected


def test_reach_without_a_site_is_the_cli_message():
    expected = cli_error("reach", "--apogee", "4475km", "--range", "950km", code=2)
    with pytest.raises(ValueError) as e:
        loftrange.reach(4475, 950)
    assert str(e.value) == expected


def test_python_values_the_cli_cannot_take_are_refused_in_its_words():
    with pytest.raises(ValueError, match=r"^apogee: True is not accepted"):
        loftrange.estimate(True, 950)
    with pytest.raises(ValueError, match=r"^apogee: NaN is not accepted: a finite number \(km\)"):
        loftrange.estimate(float("nan"), 950)
    with pytest.raises(ValueError, match=r"^site: \[1, 2, 3\] is not accepted"):
        loftrange.estimate(4475, 950, site=[1, 2, 3])
    with pytest.raises(ValueError, match=r"^model: 3 is not accepted: text"):
        loftrange.estimate(4475, 950, model=3)
    # A +- the call would ignore is refused, not dropped.
    with pytest.raises(ValueError, match=r"^apogee: \"4475\+-50km\" \(with an uncertainty\) is not accepted"):
        loftrange.estimate("4475+-50km", 950)
    with pytest.raises(TypeError):
        loftrange.estimate(4475, 950, colour="red")


def test_monte_carlo_without_an_uncertainty_is_refused():
    with pytest.raises(ValueError, match=r"^samples: nothing to sample"):
        loftrange.monte_carlo(4475, 950)


def test_a_panic_is_a_runtime_error_not_a_panic_exception():
    from loftrange import _native

    with pytest.raises(RuntimeError, match=r"^internal error \(a bug in loftrange.*a panic planted by the test"):
        _native.panic_for_test()
