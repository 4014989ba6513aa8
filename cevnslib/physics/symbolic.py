"""Symbolic (SymPy) derivation of the 331beta gauge sector: charges, neutral rotation, couplings, masses.

The numeric module :mod:`cevnslib.physics.model331` *states* the couplings; this module *derives* them, so
that the book (chapters "The 331beta model" and "Couplings") can show where each formula comes from
and the tests can check one against the other.  Conventions are those of :mod:`cevnslib.physics.model331`
(paper Sec. II, Buras:2012jb):

* Q = T3 + beta T8 + X; on a triplet T3 = diag(1, -1, 0)/2, T8 = diag(1, 1, -2)/(2 sqrt3); on an
  antitriplet both change sign.
* The neutral part of the covariant derivative is g (T3 W3 + T8 W8) + g_X (X/sqrt6) B.
* Left-handed leptons sit in antitriplets (e, -nu, E); quark generations 1, 2 in triplets (u, d, U),
  generation 3 in an antitriplet (b, -t, T).  Right-handed fermions are singlets (T3 = T8 = 0, X = Q).
* Couplings (g_V, g_A) in the normalisation (g / 2 c_W) psi-bar gamma^mu (g_V - g_A gamma5) psi.

All functions return SymPy expressions in the module symbols :data:`BETA` (beta), :data:`SW`
(s_W = sin theta_W), :data:`G` (the SU(3)_L coupling g) unless numbers are substituted.
"""

from __future__ import annotations

import functools

import sympy as sp

__all__ = [
    "BETA",
    "SW",
    "G",
    "T_GX",
    "VEV_U",
    "VEV_V",
    "VEV_W",
    "M_ZP",
    "M_ZSYM",
    "MULTIPLETS",
    "FERMION_SLOTS",
    "cos_w",
    "f_beta",
    "generators",
    "charge_matrix",
    "x_charge",
    "multiplet_charges",
    "gauge_boson_charges",
    "evaluate",
    "zp_numerator",
    "matching_ratio",
    "neutral_rotation",
    "neutral_couplings",
    "chiral_charges",
    "vector_axial",
    "table1",
    "effective_vector_coupling",
    "nucleon_shifts",
    "gauge_boson_masses",
    "neutral_mass_matrix",
    "TAN_BB",
    "V_SM",
    "mixing_ratio_derived",
    "zp_mass_squared_leading",
    "nucleon_shifts_in_w",
]

#: mixing parameter beta of the charge operator
BETA = sp.Symbol("beta", real=True)
#: sine of the weak mixing angle, s_W
SW = sp.Symbol("s_W", positive=True)
#: SU(3)_L gauge coupling g
G = sp.Symbol("g", positive=True)
# auxiliary positive symbols for c_W and sqrt(f(beta)) during a derivation (removed by _finish)
_CW = sp.Symbol("c_W", positive=True)
_SQF = sp.Symbol("sqrt_f", positive=True)
#: ratio t = g_X / g of the U(1)_X and SU(3)_L couplings (fixed by :func:`matching_ratio`)
T_GX = sp.Symbol("t", positive=True)
#: vacuum expectation values of the scalar triplets eta, rho, chi (components 1, 2, 3)
VEV_U, VEV_V, VEV_W = sp.symbols("u v w", positive=True)
#: tan(beta-bar) = v/u (VEV of rho over VEV of eta) and the electroweak VEV v_SM = sqrt(u^2 + v^2)
TAN_BB = sp.Symbol("tan_betabar", nonnegative=True)
V_SM = sp.Symbol("v_SM", positive=True)
#: boson masses used by the effective Lagrangian
M_ZP, M_ZSYM = sp.symbols("M_Zprime M_Z", positive=True)

#: left-handed multiplets: representation and members (top to bottom) with their electric charges
MULTIPLETS = {
    "lepton": ("antitriplet", ("e", "nu", "E"), (-1, 0, None)),
    "quark12": ("triplet", ("u", "d", "U"), (sp.Rational(2, 3), sp.Rational(-1, 3), None)),
    "quark3": ("antitriplet", ("d3", "u3", "T"), (sp.Rational(-1, 3), sp.Rational(2, 3), None)),
}
#: where each SM fermion of interest sits: (multiplet, component index, electric charge)
FERMION_SLOTS = {
    "nu": ("lepton", 1, 0),
    "u": ("quark12", 0, sp.Rational(2, 3)),
    "d": ("quark12", 1, sp.Rational(-1, 3)),
    "d3": ("quark3", 0, sp.Rational(-1, 3)),
}


def cos_w(sw: sp.Expr | float = SW) -> sp.Expr:
    """c_W = sqrt(1 - s_W^2)."""
    return sp.sqrt(1 - sw**2)


def f_beta(beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW) -> sp.Expr:
    """f(beta) = 1 - (1 + beta^2) s_W^2 (paper Eq. 26).

    >>> f_beta(sp.sqrt(3), sp.Rational(1, 2))
    0
    """
    return 1 - (1 + beta**2) * sw**2


def _finish(expr, beta=BETA, sw=SW):
    """Replace the auxiliary symbols c_W and sqrt(f) by their values, simplify, substitute beta and s_W."""
    expr = sp.simplify(expr.subs(_SQF, sp.sqrt(f_beta())).subs(_CW, cos_w()))
    return (
        sp.simplify(expr.subs({BETA: beta, SW: sw}, simultaneous=True))
        if (beta, sw) != (BETA, SW)
        else expr
    )


def generators(rep: str) -> tuple[sp.Matrix, sp.Matrix]:
    """Diagonal SU(3)_L generators (T3, T8) as 3x3 matrices on a ``'triplet'`` or ``'antitriplet'``.

    >>> generators("antitriplet")[1]
    Matrix([
    [-sqrt(3)/6,          0,         0],
    [         0, -sqrt(3)/6,         0],
    [         0,          0, sqrt(3)/3]])
    """
    if rep not in ("triplet", "antitriplet"):
        raise ValueError(f"rep = {rep!r} is not allowed: must be 'triplet' or 'antitriplet'")
    sign = 1 if rep == "triplet" else -1
    t3 = sign * sp.diag(sp.Rational(1, 2), sp.Rational(-1, 2), 0)
    t8 = sign * sp.diag(1, 1, -2) / (2 * sp.sqrt(3))
    return t3, t8


def charge_matrix(rep: str, x: sp.Expr | float, beta: sp.Expr | float = BETA) -> sp.Matrix:
    """Charge operator Q = T3 + beta T8 + X on a multiplet (paper Eq. 1)."""
    t3, t8 = generators(rep)
    return t3 + beta * t8 + x * sp.eye(3)


def x_charge(multiplet: str, beta: sp.Expr | float = BETA) -> sp.Expr:
    """U(1)_X charge of a left-handed multiplet of :data:`MULTIPLETS`, fixed by its first member's charge.

    >>> x_charge("lepton"), x_charge("lepton", -sp.sqrt(3))
    (sqrt(3)*beta/6 - 1/2, -1)
    """
    rep, _, charges = MULTIPLETS[multiplet]
    x = sp.Symbol("X")
    return sp.solve(sp.Eq(charge_matrix(rep, x, beta)[0, 0], charges[0]), x)[0]


def _matching():
    cw, r = _CW, _SQF / _CW
    photon_x = (
        T_GX * G * cw * r / sp.sqrt(6)
    )  # photon coupling to X (row A of the rotation, B entry)
    return sp.solve(sp.Eq(photon_x, G * SW), T_GX)[0]  # must equal the coupling to T3, e = g s_W


def multiplet_charges(multiplet: str, beta: sp.Expr | float = BETA) -> tuple[sp.Expr, ...]:
    """Electric charges (diagonal of Q) of the three members of a left-handed multiplet of :data:`MULTIPLETS`.

    >>> multiplet_charges("lepton", -sp.sqrt(3))
    (-1, 0, -2)
    """
    rep = MULTIPLETS[multiplet][0]
    q = charge_matrix(rep, x_charge(multiplet, BETA), BETA)
    return tuple(sp.simplify(q[k, k].subs(BETA, beta)) for k in range(3))


def gauge_boson_charges(beta: sp.Expr | float = BETA) -> tuple[sp.Expr, sp.Expr]:
    """Charges (Q_1 - Q_3, Q_2 - Q_3) of the off-diagonal bosons W_13, W_23 (any triplet; paper Eq. 13).

    >>> gauge_boson_charges()
    (sqrt(3)*beta/2 + 1/2, sqrt(3)*beta/2 - 1/2)
    """
    q = [charge_matrix("triplet", 0, beta)[k, k] for k in range(3)]  # X cancels in differences
    return sp.expand(q[0] - q[2]), sp.expand(q[1] - q[2])


def evaluate(expr: sp.Expr | float, beta: float, sw2: float) -> float:
    """Numerical value of a derived expression at beta and s_W^2 = ``sw2``."""
    return float(sp.sympify(expr).subs({BETA: beta, SW: sp.sqrt(sw2)}).evalf())


def zp_numerator(expr: sp.Expr) -> sp.Expr:
    """2 sqrt3 sqrt(f) times a Z' coupling: the polynomial shown in the paper's Table 1.

    >>> zp_numerator(vector_axial("nu", "Zp")[0])
    sqrt(3)*beta*s_W**2 + s_W**2 - 1
    """
    return sp.expand(sp.simplify(expr * 2 * sp.sqrt(3) * sp.sqrt(f_beta())))


def matching_ratio(beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW) -> sp.Expr:
    """t = g_X/g fixed by demanding that the massless combination of (W3, W8, B) couples as e Q.

    The photon is A = s_W W3 + c_W [beta t_W W8 + r B] with r = sqrt(1 - beta^2 t_W^2) = sqrt(f)/c_W;
    its coupling to T3 is g s_W = e, so its coupling to X, t g c_W r / sqrt6, must equal e too.
    Result: t = sqrt6 s_W / sqrt(f(beta)) (paper Eq. 25).

    >>> matching_ratio(0, sp.Rational(1, 2))
    sqrt(2)
    """
    return _finish(_matching(), beta, sw)


def _rotation():
    cw, tw, r = _CW, SW / _CW, _SQF / _CW
    return sp.Matrix(
        [[SW, cw * BETA * tw, cw * r], [cw, -SW * BETA * tw, -SW * r], [0, r, -BETA * tw]]
    )


def neutral_rotation(beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW) -> sp.Matrix:
    """Orthogonal matrix R with (A, Z, Z')^T = R (W3, W8, B)^T, no Z-Z' mixing (Buras:2012jb Sec. 2).

    Rows: A = s_W W3 + c_W (beta t_W W8 + r B), Z = c_W W3 - s_W (beta t_W W8 + r B),
    Z' = r W8 - beta t_W B with t_W = s_W/c_W and r = sqrt(1 - beta^2 t_W^2) = sqrt(f)/c_W.

    >>> R = neutral_rotation()
    >>> sp.simplify(R * R.T)
    Matrix([
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1]])
    """
    return _rotation().applyfunc(lambda e: _finish(e, beta, sw))


def _couplings(t3, t8, x):
    current = sp.Matrix([t3, t8, _matching() * x / sp.sqrt(6)])
    return _rotation() * current  # W = R^T V, so the coefficient of V is R times the current


def neutral_couplings(
    t3: sp.Expr | float,
    t8: sp.Expr | float,
    x: sp.Expr | float,
    beta: sp.Expr | float = BETA,
    sw: sp.Expr | float = SW,
) -> sp.Matrix:
    """Couplings (A, Z, Z') of a field with charges (T3, T8, X), in units of g.

    Inverts :func:`neutral_rotation` (W = R^T V) in g T3 W3 + g T8 W8 + t g (X/sqrt6) B with t from
    :func:`matching_ratio`.  Result: s_W Q, (T3 - s_W^2 Q)/c_W and [c_W^2 T8 - beta s_W^2 (Q - T3)]/(c_W sqrt f)
    with Q = T3 + beta T8 + X.
    """
    return _couplings(t3, t8, x).applyfunc(lambda e: _finish(e, beta, sw))


def _chiral(fermion):
    multiplet, k, charge = FERMION_SLOTS[fermion]
    rep = MULTIPLETS[multiplet][0]
    t3, t8 = (m[k, k] for m in generators(rep))
    left = _couplings(t3, t8, x_charge(multiplet)) * _CW
    right = _couplings(0, 0, charge) * _CW if fermion != "nu" else sp.zeros(3, 1)
    return {"Z": (left[1], right[1]), "Zp": (left[2], right[2])}


def chiral_charges(
    fermion: str, beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW
) -> dict[str, tuple[sp.Expr, ...]]:
    """Chiral charges {'Z': (c_L, c_R), 'Zp': (c_L, c_R)} of ``fermion`` in units of g/c_W.

    ``fermion`` is a key of :data:`FERMION_SLOTS` ('nu', 'u', 'd', 'd3').  Right-handed fields are
    singlets with X = Q; the neutrino has no right-handed partner in the current (c_R = 0).

    >>> chiral_charges("nu")["Z"]
    (1/2, 0)
    """
    return {k: tuple(_finish(e, beta, sw) for e in v) for k, v in _chiral(fermion).items()}


def vector_axial(
    fermion: str,
    boson: str,
    beta: sp.Expr | float = BETA,
    sw: sp.Expr | float = SW,
    v31: sp.Expr | float = 0,
) -> tuple[sp.Expr, sp.Expr]:
    """(g_V, g_A) = (c_L + c_R, c_L - c_R) of ``fermion`` for ``boson`` in {'Z', 'Zp'} (paper Table 1).

    For the d quark, ``v31`` = |(V_dL)_31| adds the flavour term |v31|^2 (c_L(d3) - c_L(d)) to c_L
    (paper Eqs. 35-38 with up-sector alignment).

    >>> vector_axial("u", "Z")
    (1/2 - 4*s_W**2/3, 1/2)
    """
    c_left, c_right = _chiral(fermion)[boson]
    if fermion == "d" and v31 != 0:
        c_left = c_left + v31**2 * (_chiral("d3")[boson][0] - c_left)
    return _finish(c_left + c_right, beta, sw), _finish(c_left - c_right, beta, sw)


def table1(
    beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW
) -> dict[str, tuple[sp.Expr, ...]]:
    """The paper's Table 1: {fermion: (g_V^Z, g_A^Z, g_V^Z', g_A^Z')} for nu, u, d."""
    return {
        fn: (*vector_axial(fn, "Z", beta, sw), *vector_axial(fn, "Zp", beta, sw))
        for fn in ("nu", "u", "d")
    }


def effective_vector_coupling(
    g_nu_v: sp.Expr | float,
    g_nu_a: sp.Expr | float,
    g_q_v: sp.Expr | float,
    mass: sp.Expr | float = M_ZP,
) -> sp.Expr:
    """Coefficient of (G_F/sqrt2)[nu-bar gamma(1 - g5) nu][q-bar gamma q] from one boson of mass ``mass``.

    Tree-level exchange between a left-handed neutrino current (g/2c_W)(g_V + g_A) nu-bar_L gamma nu_L
    and the quark current (g/2c_W) q-bar gamma (g_V - g_A g5) q gives
    (g/2c_W)^2/M^2 x (g_V^nu + g_A^nu)/2 x g_V^q; dividing by G_F/sqrt2 = g^2/(8 c_W^2 M_Z^2)
    (i.e. M_W = c_W M_Z) leaves (g_V^nu + g_A^nu) g_V^q (M_Z/M)^2 (paper Eq. 42).

    >>> effective_vector_coupling(sp.Rational(1, 2), sp.Rational(1, 2), sp.Symbol("gq"), M_ZSYM)
    gq
    """
    amplitude = (G / (2 * _CW)) ** 2 / mass**2 * (g_nu_v + g_nu_a) / 2 * g_q_v
    gf_over_sqrt2 = G**2 / (8 * _CW**2 * M_ZSYM**2)
    return sp.simplify(amplitude / gf_over_sqrt2)


def nucleon_shifts(
    beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW, v31: sp.Expr | float = 0
) -> tuple[sp.Expr, sp.Expr]:
    """(delta g_V^p, delta g_V^n) per unit x = (M_Z/M_Z')^2 from Z' exchange, p = 2u + d, n = u + 2d (Eqs. 42-44).

    >>> nucleon_shifts(sp.sqrt(3))[0]
    2*s_W**2 - 1/2
    """
    if (beta, sw) == (BETA, SW) and v31 == 0:  # the symbolic shifts: derived once per process
        return _nucleon_shifts_symbolic()
    return _derive_nucleon_shifts(beta, sw, v31)


@functools.lru_cache(maxsize=1)
def _nucleon_shifts_symbolic() -> tuple[sp.Expr, sp.Expr]:
    return _derive_nucleon_shifts(BETA, SW, 0)


def _derive_nucleon_shifts(beta, sw, v31) -> tuple[sp.Expr, sp.Expr]:
    """:func:`nucleon_shifts` derived (about a second of sympy simplification)."""
    g_nu_v, g_nu_a = vector_axial("nu", "Zp", beta, sw)
    per_x = {
        q: effective_vector_coupling(
            g_nu_v, g_nu_a, vector_axial(q, "Zp", beta, sw, v31)[0], M_ZSYM
        )
        for q in ("u", "d")
    }
    return sp.simplify(2 * per_x["u"] + per_x["d"]), sp.simplify(per_x["u"] + 2 * per_x["d"])


def _scalar_vevs():
    """Neutral VEV vectors of eta, rho, chi (triplets, VEVs u, v, w in components 1, 2, 3) and their X."""
    vevs = [sp.Matrix([VEV_U, 0, 0]), sp.Matrix([0, VEV_V, 0]), sp.Matrix([0, 0, VEV_W])]
    t3, t8 = generators("triplet")
    xs = [-(t3[k, k] + BETA * t8[k, k]) for k in range(3)]  # component k is neutral
    return [(v / sp.sqrt(2), x) for v, x in zip(vevs, xs, strict=True)]


def gauge_boson_masses() -> dict[str, sp.Expr]:
    """Squared masses of the charged bosons from sum_phi |g P <phi>|^2 (paper Eq. 27).

    P is the gauge-field matrix of a triplet with off-diagonal entries W_ij/sqrt2; W_13 and W_23
    connect components (1, 3) and (2, 3).

    >>> gauge_boson_masses()["W13"]
    g**2*(u**2 + w**2)/4
    """
    wp, w13, w23 = sp.symbols("W_12 W_13 W_23")
    gauge = sp.Matrix(
        [[0, wp, w13], [sp.conjugate(wp), 0, w23], [sp.conjugate(w13), sp.conjugate(w23), 0]]
    )
    gauge = G / sp.sqrt(2) * gauge
    total = sp.expand(sum(((gauge * vev).H * (gauge * vev))[0, 0] for vev, _ in _scalar_vevs()))
    return {
        name: sp.factor(total.coeff(b * sp.conjugate(b)))
        for name, b in (("W", wp), ("W13", w13), ("W23", w23))
    }


def neutral_mass_matrix(beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW) -> sp.Matrix:
    """Neutral mass-squared matrix in the (A, Z, Z') basis of :func:`neutral_rotation`.

    Built from (1/2) V^T M^2 V = sum_phi |g (T3 W3 + T8 W8 + t X B/sqrt6) <phi>|^2.  The photon
    row vanishes; M^2_ZZ = g^2 (u^2 + v^2)/(4 c_W^2) and, for w >> u, v, M^2_Z'Z' -> g^2 c_W^2 w^2/(3 f).
    """
    if (beta, sw) == (BETA, SW):  # the symbolic matrix: derived once per process
        return sp.Matrix(_mass_matrix())
    return _derive_mass_matrix(beta, sw)


def _derive_mass_matrix(beta, sw) -> sp.Matrix:
    """:func:`neutral_mass_matrix` derived (a few seconds of sympy simplification)."""
    t3, t8 = generators("triplet")
    fields = sp.symbols("W3 W8 B")
    quad = 0
    for vev, x in _scalar_vevs():
        op = G * (
            t3 * fields[0] + t8 * fields[1] + _matching() * x / sp.sqrt(6) * fields[2] * sp.eye(3)
        )
        quad += ((op * vev).T * (op * vev))[0, 0]
    hessian = sp.hessian(sp.expand(quad), fields)  # = M^2 since the mass term is (1/2) V M^2 V
    raw = _rotation() * hessian * _rotation().T
    # symmetric: each entry above the diagonal simplified once and mirrored (simplify is slow)
    done = {(i, j): _finish_entry(raw[i, j], i, beta, sw) for i in range(3) for j in range(i, 3)}
    return sp.Matrix(3, 3, lambda i, j: done[min(i, j), max(i, j)])


def _finish_entry(expr, row, beta, sw):
    """:func:`_finish` of a mass-matrix entry; the photon row (``row`` 0) is shown to vanish by
    cancelling it as a rational function (what simplify returns for it too, 0, in a third of the
    time); any entry that does not cancel to 0 is simplified."""
    if row == 0:
        zero = sp.cancel(expr.subs(_SQF, sp.sqrt(f_beta())).subs(_CW, cos_w()))
        if zero == 0:
            return sp.S.Zero
    return _finish(expr, beta, sw)


@functools.lru_cache(maxsize=1)
def _mass_matrix() -> sp.ImmutableMatrix:
    return sp.ImmutableMatrix(_derive_mass_matrix(BETA, SW))


def _ew_vevs():
    """u = v_SM cos(beta-bar), v = v_SM sin(beta-bar), written with tan(beta-bar) = :data:`TAN_BB`."""
    c = 1 / sp.sqrt(1 + TAN_BB**2)
    return {VEV_U: V_SM * c, VEV_V: V_SM * TAN_BB * c}


def mixing_ratio_derived(beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW) -> sp.Expr:
    """B/A = M^2_ZZ' / M^2_ZZ from :func:`neutral_mass_matrix`, in tan(beta-bar) = v/u = :data:`TAN_BB`.

    Integrating out the heavy state of [[A, B], [B, C]] (A = M^2_ZZ, B = M^2_ZZ', C = M^2_Z'Z') at
    O(1/C) gives J^T M^-2 J = g_Z^2/A + (g' - (B/A) g_Z)^2 / C: every Z' coupling is shifted by
    -(B/A) g_Z, and the mixing angle is theta = B/C = (B/A) (M_Z/M_Z')^2.  w cancels in B/A.
    Equals :func:`cevnslib.physics.model331.mixing_ratio` (tested).
    """
    if (beta, sw) == (BETA, SW):  # the symbolic ratio: derived once per process
        return _mixing_ratio_symbolic()
    return _derive_mixing_ratio(beta, sw)


@functools.lru_cache(maxsize=1)
def _mixing_ratio_symbolic() -> sp.Expr:
    return _derive_mixing_ratio(BETA, SW)


def _derive_mixing_ratio(beta, sw) -> sp.Expr:
    """:func:`mixing_ratio_derived` derived from the (cached) mass matrix."""
    m = _mass_matrix()
    ratio = sp.simplify((m[1, 2] / m[1, 1]).subs(_ew_vevs()))
    return sp.simplify(ratio.subs({BETA: beta, SW: sw}, simultaneous=True))


@functools.lru_cache(maxsize=1)
def zp_mass_squared_leading() -> sp.Expr:
    """Leading term of M^2_Z'Z' for w >> u, v: g^2 c_W^2 w^2 / (3 f(beta)).

    >>> sp.simplify(zp_mass_squared_leading() - G**2 * (1 - SW**2) * VEV_W**2 / (3 * f_beta()))
    0
    """
    m22 = sp.expand(_mass_matrix()[2, 2])
    return sp.factor(sp.simplify(m22.coeff(VEV_W, 2))) * VEV_W**2


def nucleon_shifts_in_w(
    beta: sp.Expr | float = BETA, sw: sp.Expr | float = SW
) -> tuple[sp.Expr, sp.Expr]:
    """(delta g_V^p, delta g_V^n) in terms of w: :func:`nucleon_shifts` times x = M^2_ZZ / M^2_Z'Z'.

    M^2_ZZ = g^2 v_SM^2 / (4 c_W^2) and M^2_Z'Z' from :func:`zp_mass_squared_leading`, so
    x = 3 f v_SM^2 / (4 c_W^4 w^2).  The Z' couplings squared carry 1/f, so f cancels: the
    shifts are a polynomial in beta and s_W^2 times v_SM^2 / (c_W^4 w^2).  CEvNS measures w.

    >>> nucleon_shifts_in_w(sp.sqrt(3))[0]
    -3*v_SM**2*(2*s_W - 1)**2*(2*s_W + 1)**2/(8*w**2*(s_W - 1)**2*(s_W + 1)**2)
    """
    if (beta, sw) == (BETA, SW):  # the symbolic shifts: derived once per process
        return _shifts_in_w_symbolic()
    return _derive_shifts_in_w(beta, sw)


@functools.lru_cache(maxsize=1)
def _shifts_in_w_symbolic() -> tuple[sp.Expr, sp.Expr]:
    return _derive_shifts_in_w(BETA, SW)


def _derive_shifts_in_w(beta, sw) -> tuple[sp.Expr, sp.Expr]:
    """:func:`nucleon_shifts_in_w` derived (about a second of sympy simplification)."""
    x = (G**2 * V_SM**2 / (4 * cos_w() ** 2)) / zp_mass_squared_leading()
    return tuple(
        sp.factor(sp.simplify(d * x).subs({BETA: beta, SW: sw}, simultaneous=True))
        for d in nucleon_shifts()
    )
