"""Campaign grouping pinned to the results datasketch's MinHash gave before it was replaced.

The expected groups and signatures below were computed with ``datasketch`` 2.0.0
(``MinHash.bulk(..., num_perm=128, seed=_SEED)``, its default ``affine32`` scheme and SHA-1
32-bit hash) on the same texts, before ``participa.lib.similarity`` moved to plain numpy: the
numpy MinHash must give the same signatures bit for bit, hence the same groups.
"""

from __future__ import annotations

import hashlib
import random

from participa.lib.similarity import _minhashes, _Shingled, group_near_duplicates, normalize

WORDS = [
    "city", "hall", "council", "mayor", "district", "park", "tree", "lane", "bus", "tram",
    "fee", "school", "market", "river", "street", "green", "noise", "light", "budget",
    "library", "bridge", "parking", "square", "station", "playground", "primăria", "consiliul",
    "strada", "parcul", "copacii", "pista", "biciclete", "taxa", "autobuz", "zona",
]

GROUPS_AT_0_5 = [
    [0, 12, 36, 60, 96, 120, 132, 156, 180, 192, 216, 240, 252, 276, 312, 336, 360, 372, 396,
     420, 432, 456, 480, 492],
    [1, 25, 37, 61, 85, 97, 121, 145, 157, 181, 205, 217, 241, 265, 277, 301, 325, 337, 361,
     385, 397, 421, 445, 457, 481],
    [2, 26, 50, 62, 86, 110, 122, 146, 170, 182, 206, 230, 242, 266, 290, 302, 326, 350, 362,
     386, 410, 422, 446, 470, 482],
    [5, 17, 41, 65, 77, 101, 125, 137, 161, 185, 197, 221, 245, 281, 305, 341, 365, 377, 401,
     425, 437, 461, 485, 497],
    [6, 30, 42, 90, 102, 126, 186, 210, 222, 246, 270, 282, 306, 330, 342, 366, 390, 402, 450,
     462, 486],
    [7, 31, 55, 67, 91, 115, 127, 151, 175, 187, 211, 235, 247, 271, 295, 307, 331, 355, 367,
     391, 415, 427, 451, 475, 487],
    [10, 22, 46, 70, 82, 106, 130, 142, 166, 190, 202, 226, 250, 262, 286, 310, 322, 346, 370,
     382, 406, 430, 442, 466, 490],
    [11, 35, 47, 71, 95, 107, 131, 155, 167, 191, 215, 227, 251, 275, 287, 311, 335, 347, 371,
     395, 407, 431, 455, 467, 491],
    [15, 27, 51, 75, 87, 111, 135, 147, 171, 195, 207, 231, 255, 267, 291, 315, 327, 351, 375,
     387, 411, 435, 447, 471, 495],
    [16, 40, 52, 76, 100, 112, 136, 160, 172, 196, 220, 232, 256, 280, 292, 316, 340, 352, 376,
     400, 412, 436, 460, 472, 496],
    [20, 32, 56, 80, 92, 116, 140, 152, 176, 200, 212, 236, 260, 272, 296, 320, 332, 356, 380,
     392, 416, 440, 452, 476],
    [21, 45, 57, 81, 105, 117, 141, 165, 177, 201, 225, 237, 261, 285, 297, 321, 345, 357, 381,
     405, 417, 441, 465, 477],
]
GROUPS_AT_0_8 = [
    [0, 60, 96, 120, 180, 192, 336, 360, 420, 432, 456, 492],
    [1, 25, 37, 61, 97, 145, 181, 205, 241, 265, 301, 337],
    [2, 26, 50, 110, 122, 182, 266, 290, 350, 362, 386, 410, 446, 470],
    [11, 47, 71, 107, 131, 155, 167, 191, 227, 251, 275, 287, 311, 335, 347, 371, 395, 407,
     431, 455, 467, 491],
    [15, 27, 51, 111, 135, 171, 207, 255, 315, 351, 375, 387, 411, 435, 447, 471],
    [17, 65, 77, 101, 125, 137, 161, 185, 197, 245, 281, 305, 341, 377, 401, 425, 461, 497],
    [22, 70, 130, 166, 190, 226, 250, 322, 370, 382, 442, 466],
    [32, 56, 152, 176, 200, 212, 236, 260, 320, 356, 380, 416, 476],
    [40, 52, 112, 136, 160, 220, 292, 316, 340, 352, 400, 412, 436],
    [42, 90, 126, 366, 390, 402],
    [45, 57, 141, 165, 177, 201, 237, 321, 345, 381, 405, 417],
    [55, 115, 151, 175, 235, 271, 295, 331, 415, 451, 487],
]
SIGNATURES_SHA256 = "8acda332a740c4004819080a8a07d894513449a490e021fa073fc6d49fb41e83"
FIRST_SIGNATURE_START = [76888347, 11679803, 78628790, 302077517, 965801914, 737141509,
                         567410213, 861906509]


def texts(seed: int = 20261207) -> list[str]:
    """500 texts: 3 in 5 edited copies of 12 campaign letters, the rest random word runs."""
    rng = random.Random(seed)
    templates = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(12, 40)))
                 for _ in range(12)]
    out = []
    for n in range(500):
        if n % 5 < 3:
            words = templates[n % 12].split()
            for _ in range(rng.randint(0, 4)):
                position = rng.randrange(len(words))
                if rng.random() < 0.5:
                    words[position] = rng.choice(WORDS)
                else:
                    del words[position]
            out.append(" ".join(words))
        else:
            out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 30))))
    return out


def test_it_computes_the_signatures_datasketch_computed():
    distinct = list(dict.fromkeys(normalize(text) for text in texts()))
    signatures = _minhashes(_Shingled(distinct))
    assert signatures.shape == (454, 128)
    assert str(signatures.dtype) == "uint32"
    assert signatures[0, :8].tolist() == FIRST_SIGNATURE_START
    assert hashlib.sha256(signatures.tobytes()).hexdigest() == SIGNATURES_SHA256


def test_it_groups_the_campaigns_as_with_datasketch_at_0_8():
    assert group_near_duplicates(texts(), 0.8, exhaustive=False) == GROUPS_AT_0_8


def test_it_groups_the_campaigns_as_with_datasketch_at_0_5():
    assert group_near_duplicates(texts(), 0.5, exhaustive=False) == GROUPS_AT_0_5
