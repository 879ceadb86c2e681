//! The Dormand–Prince 8(5,3) coefficient table ("DOP853") with its 7th-order
//! dense output.
//!
//! Source of the numbers: E. Hairer and G. Wanner's Fortran code `dop853.f`
//! (version of 2004; the `PARAMETER` statements of subroutine `DP86CO`), the
//! code of Hairer, Nørsett & Wanner, *Solving Ordinary Differential Equations
//! I*, 2nd ed., Springer 1993, §II.10 (method of Dormand & Prince, 1980/1981,
//! with the continuous extension of §II.6). Transcribed digit for digit from
//! the copy of `dop853.f` in MESA (`num/private/mod_dop853.f`) and checked
//! against SciPy's transcription `scipy/integrate/_ivp/dop853_coefficients.py`.
//! The tests below check the transcription by the order conditions.
//!
//! Numbering: stage `i` here (0-based) is stage `i + 1` of Hairer's code.
//! Stages 0..=11 make a step; stage 12 is f(t + h, y_new) (first same as last:
//! row 12 of `A` is `B`); stages 13..=15 are the three extra stages of the
//! dense output (Hairer's stages 14, 15, 16; they use stage 12).

// The numbers are kept with all the digits of the source, so that they can be
// checked against it digit for digit; the compiler rounds them to f64.
#![allow(clippy::excessive_precision)]

/// Number of stages of one step (Hairer's k1..k12).
pub const STAGES: usize = 12;
/// Stages of the extended table: a step, the FSAL stage, 3 dense-output stages.
pub const STAGES_EXTENDED: usize = 16;
/// Index of the FSAL stage f(t + h, y_new) in the extended table.
pub const FSAL: usize = 12;

/// Nodes c_i (fractions of the step h).
pub const C: [f64; STAGES_EXTENDED] = [
    0.0,
    0.526001519587677318785587544488e-01,
    0.789002279381515978178381316732e-01,
    0.118350341907227396726757197510e+00,
    0.281649658092772603273242802490e+00,
    0.333333333333333333333333333333e+00,
    0.25e+00,
    0.307692307692307692307692307692e+00,
    0.651282051282051282051282051282e+00,
    0.6e+00,
    0.857142857142857142857142857142e+00,
    1.0,
    1.0,
    0.1e+00,
    0.2e+00,
    0.777777777777777777777777777778e+00,
];

/// Runge–Kutta matrix a_ij of the extended table (strictly lower triangular).
/// Row 12 equals [`B`] (the FSAL stage is f at the new solution).
#[rustfmt::skip]
pub const A: [[f64; STAGES_EXTENDED]; STAGES_EXTENDED] = [
    [0.0; 16],
    // a2j
    [5.26001519587677318785587544488e-2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a3j
    [1.97250569845378994544595329183e-2, 5.91751709536136983633785987549e-2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a4j
    [2.95875854768068491816892993775e-2, 0.0, 8.87627564304205475450678981324e-2, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a5j
    [2.41365134159266685502369798665e-1, 0.0, -8.84549479328286085344864962717e-1, 9.24834003261792003115737966543e-1,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a6j
    [3.7037037037037037037037037037e-2, 0.0, 0.0, 1.70828608729473871279604482173e-1, 1.25467687566822425016691814123e-1,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a7j
    [3.7109375e-2, 0.0, 0.0, 1.70252211019544039314978060272e-1, 6.02165389804559606850219397283e-2, -1.7578125e-2,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a8j
    [3.70920001185047927108779319836e-2, 0.0, 0.0, 1.70383925712239993810214054705e-1, 1.07262030446373284651809199168e-1,
     -1.53194377486244017527936158236e-2, 8.27378916381402288758473766002e-3,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a9j
    [6.24110958716075717114429577812e-1, 0.0, 0.0, -3.36089262944694129406857109825e0, -8.68219346841726006818189891453e-1,
     2.75920996994467083049415600797e1, 2.01540675504778934086186788979e1, -4.34898841810699588477366255144e1,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a10j
    [4.77662536438264365890433908527e-1, 0.0, 0.0, -2.48811461997166764192642586468e0, -5.90290826836842996371446475743e-1,
     2.12300514481811942347288949897e1, 1.52792336328824235832596922938e1, -3.32882109689848629194453265587e1,
     -2.03312017085086261358222928593e-2,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a11j
    [-9.3714243008598732571704021658e-1, 0.0, 0.0, 5.18637242884406370830023853209e0, 1.09143734899672957818500254654e0,
     -8.14978701074692612513997267357e0, -1.85200656599969598641566180701e1, 2.27394870993505042818970056734e1,
     2.49360555267965238987089396762e0, -3.0467644718982195003823669022e0,
     0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    // a12j
    [2.27331014751653820792359768449e0, 0.0, 0.0, -1.05344954667372501984066689879e1, -2.00087205822486249909675718444e0,
     -1.79589318631187989172765950534e1, 2.79488845294199600508499808837e1, -2.85899827713502369474065508674e0,
     -8.87285693353062954433549289258e0, 1.23605671757943030647266201528e1, 6.43392746015763530355970484046e-1,
     0.0, 0.0, 0.0, 0.0, 0.0],
    // a13j = b_j (FSAL)
    [5.42937341165687622380535766363e-2, 0.0, 0.0, 0.0, 0.0,
     4.45031289275240888144113950566e0, 1.89151789931450038304281599044e0, -5.8012039600105847814672114227e0,
     3.1116436695781989440891606237e-1, -1.52160949662516078556178806805e-1, 2.01365400804030348374776537501e-1,
     4.47106157277725905176885569043e-2,
     0.0, 0.0, 0.0, 0.0],
    // a14j (dense output)
    [5.61675022830479523392909219681e-2, 0.0, 0.0, 0.0, 0.0, 0.0,
     2.53500210216624811088794765333e-1, -2.46239037470802489917441475441e-1, -1.24191423263816360469010140626e-1,
     1.5329179827876569731206322685e-1, 8.20105229563468988491666602057e-3, 7.56789766054569976138603589584e-3,
     -8.298e-3,
     0.0, 0.0, 0.0],
    // a15j (dense output)
    [3.18346481635021405060768473261e-2, 0.0, 0.0, 0.0, 0.0,
     2.83009096723667755288322961402e-2, 5.35419883074385676223797384372e-2, -5.49237485713909884646569340306e-2,
     0.0, 0.0, -1.08347328697249322858509316994e-4, 3.82571090835658412954920192323e-4,
     -3.40465008687404560802977114492e-4, 1.41312443674632500278074618366e-1,
     0.0, 0.0],
    // a16j (dense output)
    [-4.28896301583791923408573538692e-1, 0.0, 0.0, 0.0, 0.0,
     -4.69762141536116384314449447206e0, 7.68342119606259904184240953878e0, 4.06898981839711007970213554331e0,
     3.56727187455281109270669543021e-1, 0.0, 0.0, 0.0,
     -1.39902416515901462129418009734e-3, 2.9475147891527723389556272149e0, -9.15095847217987001081870187138e0,
     0.0],
];

/// Weights b_i of the 8th-order solution (stages 0..=11).
pub const B: [f64; STAGES] = [
    5.42937341165687622380535766363e-2,
    0.0,
    0.0,
    0.0,
    0.0,
    4.45031289275240888144113950566e0,
    1.89151789931450038304281599044e0,
    -5.8012039600105847814672114227e0,
    3.1116436695781989440891606237e-1,
    -1.52160949662516078556178806805e-1,
    2.01365400804030348374776537501e-1,
    4.47106157277725905176885569043e-2,
];

/// Weights of the 3rd-order embedded solution (Hairer's `bhh1`, `bhh2`,
/// `bhh3` on stages 1, 9, 12 of his numbering).
pub const BHH: [f64; STAGES] = [
    0.244094488188976377952755905512e+00,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.0,
    0.733846688281611857341361741547e+00,
    0.0,
    0.0,
    0.220588235294117647058823529412e-01,
];

/// Error weights of the 5th-order embedded estimate (Hairer's `er1`, `er6`..`er12`):
/// err5 = h Σ ER_i k_i, the difference between the 8th- and a 5th-order solution.
pub const ER: [f64; STAGES] = [
    0.1312004499419488073250102996e-01,
    0.0,
    0.0,
    0.0,
    0.0,
    -0.1225156446376204440720569753e+01,
    -0.4957589496572501915214079952e+00,
    0.1664377182454986536961530415e+01,
    -0.3503288487499736816886487290e+00,
    0.3341791187130174790297318841e+00,
    0.8192320648511571246570742613e-01,
    -0.2235530786388629525884427845e-01,
];

/// Dense-output coefficients d_{m,i}, m = 4..=7 (Hairer's `d41`..`d716`), over
/// the 16 stages of the extended table. They give the 5th..8th coefficients of
/// the interpolant of `contd8`; see `DenseSegment`.
#[rustfmt::skip]
pub const D: [[f64; STAGES_EXTENDED]; 4] = [
    [-0.84289382761090128651353491142e+01, 0.0, 0.0, 0.0, 0.0,
     0.56671495351937776962531783590e+00, -0.30689499459498916912797304727e+01, 0.23846676565120698287728149680e+01,
     0.21170345824450282767155149946e+01, -0.87139158377797299206789907490e+00, 0.22404374302607882758541771650e+01,
     0.63157877876946881815570249290e+00, -0.88990336451333310820698117400e-01, 0.18148505520854727256656404962e+02,
     -0.91946323924783554000451984436e+01, -0.44360363875948939664310572000e+01],
    [0.10427508642579134603413151009e+02, 0.0, 0.0, 0.0, 0.0,
     0.24228349177525818288430175319e+03, 0.16520045171727028198505394887e+03, -0.37454675472269020279518312152e+03,
     -0.22113666853125306036270938578e+02, 0.77334326684722638389603898808e+01, -0.30674084731089398182061213626e+02,
     -0.93321305264302278729567221706e+01, 0.15697238121770843886131091075e+02, -0.31139403219565177677282850411e+02,
     -0.93529243588444783865713862664e+01, 0.35816841486394083752465898540e+02],
    [0.19985053242002433820987653617e+02, 0.0, 0.0, 0.0, 0.0,
     -0.38703730874935176555105901742e+03, -0.18917813819516756882830838328e+03, 0.52780815920542364900561016686e+03,
     -0.11573902539959630126141871134e+02, 0.68812326946963000169666922661e+01, -0.10006050966910838403183860980e+01,
     0.77771377980534432092869265740e+00, -0.27782057523535084065932004339e+01, -0.60196695231264120758267380846e+02,
     0.84320405506677161018159903784e+02, 0.11992291136182789328035130030e+02],
    [-0.25693933462703749003312586129e+02, 0.0, 0.0, 0.0, 0.0,
     -0.15418974869023643374053993627e+03, -0.23152937917604549567536039109e+03, 0.35763911791061412378285349910e+03,
     0.93405324183624310003907691704e+02, -0.37458323136451633156875139351e+02, 0.10409964950896230045147246184e+03,
     0.29840293426660503123344363579e+02, -0.43533456590011143754432175058e+02, 0.96324553959188282948394950600e+02,
     -0.39177261675615439165231486172e+02, -0.14972683625798562581422125276e+03],
];

#[cfg(test)]
mod tests {
    //! Order conditions of Butcher's theory (Hairer, Nørsett & Wanner,
    //! *Solving ODEs I*, §II.2, Theorem 2.13): a Runge–Kutta method has order p
    //! iff Σ_i b_i Φ_i(t) = 1/γ(t) for every rooted tree t with |t| ≤ p, where
    //! Φ_i(t) = Π_{subtrees u of the root} (Σ_j a_ij Φ_j(u)) and
    //! γ(t) = |t|·Π γ(u). The trees are generated, all of them.
    use super::*;
    use crate::numerics::integrate::contd8_horner;
    use nalgebra::SVector;

    /// A rooted tree: the multiset of the root's subtrees, as indices into the
    /// list being built (non-increasing), with its order |t| and density γ(t).
    struct Tree {
        children: Vec<usize>,
        order: usize,
        gamma: f64,
    }

    /// All rooted trees with at most `max_order` nodes, in order of size.
    fn rooted_trees(max_order: usize) -> Vec<Tree> {
        fn multisets(
            trees: &[Tree],
            remaining: usize,
            max_idx: usize,
            current: &mut Vec<usize>,
            out: &mut Vec<Vec<usize>>,
        ) {
            if remaining == 0 {
                out.push(current.clone());
                return;
            }
            for idx in 0..=max_idx {
                if trees[idx].order <= remaining {
                    current.push(idx);
                    multisets(trees, remaining - trees[idx].order, idx, current, out);
                    current.pop();
                }
            }
        }
        let mut trees = vec![Tree { children: vec![], order: 1, gamma: 1.0 }];
        for n in 2..=max_order {
            let mut forests = vec![];
            multisets(&trees, n - 1, trees.len() - 1, &mut vec![], &mut forests);
            for children in forests {
                let gamma = n as f64 * children.iter().map(|&c| trees[c].gamma).product::<f64>();
                trees.push(Tree { children, order: n, gamma });
            }
        }
        trees
    }

    /// Φ_i(t) for every tree and stage of the (square) matrix `a`.
    fn elementary_weights<const S: usize>(trees: &[Tree], a: &[[f64; S]; S]) -> Vec<[f64; S]> {
        let mut phi: Vec<[f64; S]> = Vec::with_capacity(trees.len());
        for t in trees {
            let mut p = [1.0; S];
            for &c in &t.children {
                for (i, pi) in p.iter_mut().enumerate() {
                    let s: f64 = (0..S).map(|j| a[i][j] * phi[c][j]).sum();
                    *pi *= s;
                }
            }
            phi.push(p);
        }
        phi
    }

    /// The main table: A restricted to the 12 stages of a step.
    fn a_step() -> [[f64; STAGES]; STAGES] {
        let mut a = [[0.0; STAGES]; STAGES];
        for (ai, row) in a.iter_mut().zip(&A) {
            ai.copy_from_slice(&row[..STAGES]);
        }
        a
    }

    fn dot(w: &[f64], p: &[f64]) -> f64 {
        w.iter().zip(p).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn number_of_rooted_trees_per_order_is_1_1_2_4_9_20_48_115_286() {
        // OEIS A000081.
        let trees = rooted_trees(9);
        let count = |n| trees.iter().filter(|t| t.order == n).count();
        let counts: Vec<usize> = (1..=9).map(count).collect();
        assert_eq!(counts, vec![1, 1, 2, 4, 9, 20, 48, 115, 286]);
        assert_eq!(trees.iter().filter(|t| t.order <= 8).count(), 200);
        // γ of the tall tree of order 8 is 8! and of the bushy one 8.
        let g8: Vec<f64> = trees.iter().filter(|t| t.order == 8).map(|t| t.gamma).collect();
        assert!(g8.contains(&40320.0) && g8.contains(&8.0));
    }

    #[test]
    fn nodes_are_row_sums_of_a() {
        for (i, (row, c)) in A.iter().zip(C).enumerate() {
            let s: f64 = row.iter().sum();
            assert!((s - c).abs() < 1e-14, "stage {i}: Σ a = {s}, c = {c}");
            assert!(row[i..].iter().all(|&a| a == 0.0), "A must be strictly lower triangular");
        }
        assert_eq!(A[FSAL][..STAGES], B, "FSAL row must equal b");
        assert_eq!(C[FSAL], 1.0);
    }

    #[test]
    fn quadrature_conditions_sum_b_c_pow_k_minus_1_equal_1_over_k_for_k_1_to_8() {
        for k in 1..=8 {
            let s: f64 = (0..STAGES).map(|i| B[i] * C[i].powi(k - 1)).sum();
            assert!((s - 1.0 / k as f64).abs() < 1e-14, "k = {k}: {s}");
        }
    }

    #[test]
    fn selected_tree_conditions_by_hand() {
        let a = a_step();
        let ac: Vec<f64> = (0..STAGES).map(|i| dot(&a[i], &C[..STAGES])).collect();
        let aac: Vec<f64> = (0..STAGES).map(|i| dot(&a[i], &ac)).collect();
        let bac: f64 = dot(&B, &ac);
        let bcac: f64 = (0..STAGES).map(|i| B[i] * C[i] * ac[i]).sum();
        let baac: f64 = dot(&B, &aac);
        assert!((bac - 1.0 / 6.0).abs() < 1e-14); // Σ b_i a_ij c_j = 1/6
        assert!((bcac - 1.0 / 8.0).abs() < 1e-14); // Σ b_i c_i a_ij c_j = 1/8
        assert!((baac - 1.0 / 24.0).abs() < 1e-14); // Σ b_i a_ij a_jk c_k = 1/24
    }

    #[test]
    fn all_200_tree_conditions_up_to_order_8_hold_and_order_9_fails() {
        let trees = rooted_trees(9);
        let phi = elementary_weights(&trees, &a_step());
        let mut worst = 0.0_f64;
        let mut worst9 = 0.0_f64;
        for (t, p) in trees.iter().zip(&phi) {
            let r = (dot(&B, p) - 1.0 / t.gamma).abs();
            if t.order <= 8 {
                worst = worst.max(r);
            } else {
                worst9 = worst9.max(r);
            }
        }
        assert!(worst < 2e-14, "largest order ≤ 8 residual {worst:e}");
        // The checker can fail: the method is not of order 9.
        assert!(worst9 > 1e-6, "order-9 residual {worst9:e}");
    }

    #[test]
    fn fifth_order_error_weights_vanish_on_trees_up_to_order_5() {
        // ER = b − b̂ with b̂ of order 5: Σ ER_i Φ_i(t) = 0 for |t| ≤ 5, not for all |t| = 6.
        let trees = rooted_trees(6);
        let phi = elementary_weights(&trees, &a_step());
        let mut worst5 = 0.0_f64;
        let mut worst6 = 0.0_f64;
        for (t, p) in trees.iter().zip(&phi) {
            let r = dot(&ER, p).abs();
            if t.order <= 5 {
                worst5 = worst5.max(r);
            } else {
                worst6 = worst6.max(r);
            }
        }
        assert!(worst5 < 1e-14, "{worst5:e}");
        assert!(worst6 > 1e-6, "{worst6:e}");
    }

    #[test]
    fn third_order_embedded_weights_have_order_3_not_4() {
        let trees = rooted_trees(4);
        let phi = elementary_weights(&trees, &a_step());
        let mut worst3 = 0.0_f64;
        let mut worst4 = 0.0_f64;
        for (t, p) in trees.iter().zip(&phi) {
            let r = (dot(&BHH, p) - 1.0 / t.gamma).abs();
            if t.order <= 3 {
                worst3 = worst3.max(r);
            } else {
                worst4 = worst4.max(r);
            }
        }
        assert!(worst3 < 1e-14, "{worst3:e}");
        assert!(worst4 > 1e-6, "{worst4:e}");
    }

    /// Weights w_i(θ) of the dense output y(t0 + θh) = y0 + h Σ w_i(θ) k_i,
    /// obtained by running the code's own `contd8` formula on the stage weights.
    fn dense_weights(theta: f64) -> SVector<f64, STAGES_EXTENDED> {
        type W = SVector<f64, STAGES_EXTENDED>;
        let mut b = W::zeros();
        b.fixed_rows_mut::<STAGES>(0).copy_from_slice(&B);
        let e0 = W::from_fn(|i, _| if i == 0 { 1.0 } else { 0.0 });
        let e_fsal = W::from_fn(|i, _| if i == FSAL { 1.0 } else { 0.0 });
        // As in `Dop853::dense`, divided by h and without y0:
        // con1 = ydiff, con2 = h k1 − ydiff, con3 = ydiff − h k13 − con2, con4.. = h Σ d k.
        let con2 = e0 - b;
        let con = [
            W::zeros(),
            b,
            con2,
            b - e_fsal - con2,
            W::from_row_slice(&D[0]),
            W::from_row_slice(&D[1]),
            W::from_row_slice(&D[2]),
            W::from_row_slice(&D[3]),
        ];
        contd8_horner(&con, theta)
    }

    #[test]
    fn dense_output_satisfies_continuous_order_conditions_to_order_7() {
        // Continuous order conditions (Hairer, Nørsett & Wanner §II.6):
        // Σ_i w_i(θ) Φ_i(t) = θ^|t| / γ(t) for |t| ≤ 7 and every θ, with Φ
        // over the extended 16-stage table. Order 8 fails at interior θ.
        let trees = rooted_trees(8);
        let phi = elementary_weights(&trees, &A);
        for &theta in &[0.0, 0.1, 0.25, 0.5, 0.77, 0.9, 1.0] {
            let w = dense_weights(theta);
            let mut worst7 = 0.0_f64;
            let mut worst8 = 0.0_f64;
            for (t, p) in trees.iter().zip(&phi) {
                let r = (dot(w.as_slice(), p) - theta.powi(t.order as i32) / t.gamma).abs();
                if t.order <= 7 {
                    worst7 = worst7.max(r);
                } else {
                    worst8 = worst8.max(r);
                }
            }
            assert!(worst7 < 2e-14, "θ = {theta}: {worst7:e}");
            if theta > 0.0 && theta < 1.0 {
                assert!(worst8 > 1e-9, "θ = {theta}: {worst8:e}");
            } else {
                // At θ = 1 the interpolant is the 8th-order solution itself.
                assert!(worst8 < 2e-14, "θ = {theta}: {worst8:e}");
            }
        }
    }
}
