"""Calls from several Python threads at once (the GIL is released while the library
computes): every result equals the one of the same call made alone."""

from concurrent.futures import ThreadPoolExecutor

import loftrange


def call(i):
    if i % 3 == 0:
        return loftrange.estimate(4475, 950, 3180, model="rotating", site="pyongsong", test_azimuth=90 + i).to_dict()
    if i % 3 == 1:
        return loftrange.reach(4475, 950, site="pyongsong", test_azimuth=90, step=10).to_dict()
    return loftrange.estimate_many([4475 + i, 4000], [950, 900], model="rotating", site="pyongsong", test_azimuth=45)["standard_range_km"].tolist()


def test_threads_give_the_answers_of_calls_made_alone():
    alone = [call(i) for i in range(12)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(call, range(12)))
    assert together == alone


def test_errors_in_threads_stay_in_their_thread():
    def bad(i):
        try:
            loftrange.estimate(-i - 1, 950)
        except ValueError as e:
            return str(e)

    with ThreadPoolExecutor(max_workers=4) as pool:
        msgs = list(pool.map(bad, range(8)))
    assert msgs == [f"apogee: {-i - 1} km is not accepted: an apogee from 1 to 100000 km" for i in range(8)]
