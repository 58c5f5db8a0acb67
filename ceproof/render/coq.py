"""``--format coq``: a proof as a Coq file that ``coqc`` checks on its own, with Coq's standard library only.

What Coq checks, not ceproof: S, p and L defined in Coq's reals; the gradient p − y and the Hessian
p_j(δ_jk − p_k) by ``derivable_pt_lim`` (for every K over functions ``nat -> R``, instantiated at an explicit K,
entry by entry up to ``ENTRIES_UP_TO``); vᵀHv = Σpᵢvᵢ² − (Σpᵢvᵢ)² = ½ΣᵢΣⱼpᵢpⱼ(vᵢ − vⱼ)² ≥ 0; H𝟙 = 0; and
L(z + t𝟙) = L(z). What the standard library cannot state — what convex and strictly convex mean and the two
theorems ceproof cites about them — enters as named ``Parameter``s and ``Axiom``s (never ``Admitted``), and
the file ends with ``Print Assumptions`` of its main theorem. Only cross-entropy (``prove`` and ``derive``) is
exported: the other losses need Coq proofs of their own Hessians.
"""

from __future__ import annotations

from ..errors import BadInput

ENTRIES_UP_TO = 10
"""Largest K whose gradient and Hessian entries are stated one by one (K + K² lemmas); above it the file
states them for every j, k < K, the every-K lemmas instantiated at K."""

TRUSTED = ("convex", "strictly_convex", "second_order_condition", "strict_convexity_definition")
"""The names ceproof's trusted base has in Coq."""
REALS_AXIOMS = ("ClassicalDedekindReals.sig_not_dec", "ClassicalDedekindReals.sig_forall_dec",
                "FunctionalExtensionality.functional_extensionality_dep", "Classical_Prop.classic")
"""The axioms Coq's standard real numbers rest on."""

LIBRARY = r"""(* The Coq library every export of ceproof starts with: sums over 0 .. K-1, the derivative of a sum, the
   variance identity, softmax cross-entropy for every K with its gradient and Hessian by derivable_pt_lim, and
   the trusted base as named parameters and axioms. Coq checks every proof in it. *)
Require Import Reals Lra Psatz.
Open Scope R_scope.


Fixpoint sum (n : nat) (f : nat -> R) : R :=
  match n with O => 0 | S m => sum m f + f m end.

Lemma sum_ext : forall n f g, (forall i, (i < n)%nat -> f i = g i) -> sum n f = sum n g.
Proof. induction n; intros f g H; simpl; [reflexivity|]. rewrite (IHn f g) by (intros; apply H; lia). rewrite H by lia. reflexivity. Qed.

Lemma sum_plus : forall n f g, sum n (fun i => f i + g i) = sum n f + sum n g.
Proof. induction n; intros; simpl; [lra|]. rewrite IHn. lra. Qed.

Lemma sum_minus : forall n f g, sum n (fun i => f i - g i) = sum n f - sum n g.
Proof. induction n; intros; simpl; [lra|]. rewrite IHn. lra. Qed.

Lemma sum_scal : forall n c f, sum n (fun i => c * f i) = c * sum n f.
Proof. induction n; intros; simpl; [lra|]. rewrite IHn. lra. Qed.

Lemma sum_nonneg : forall n f, (forall i, (i < n)%nat -> 0 <= f i) -> 0 <= sum n f.
Proof. induction n; intros f H; simpl; [lra|]. assert (0 <= sum n f) by (apply IHn; intros; apply H; lia).
  assert (0 <= f n) by (apply H; lia). lra. Qed.

Lemma sum_delta : forall n j f, (j < n)%nat -> sum n (fun k => (if Nat.eqb j k then 1 else 0) * f k) = f j.
Proof.
  induction n; intros j f Hj; [lia|]. simpl.
  destruct (Nat.eqb j n) eqn:E.
  - apply Nat.eqb_eq in E; subst j.
    rewrite (sum_ext n _ (fun _ => 0)). 2:{ intros i Hi. destruct (Nat.eqb n i) eqn:E2; [apply Nat.eqb_eq in E2; lia| lra]. }
    assert (Z : forall m, sum m (fun _ => 0) = 0) by (induction m; simpl; [lra| rewrite IHm; lra]). rewrite Z. lra.
  - apply Nat.eqb_neq in E. rewrite IHn by lia. lra.
Qed.

(* z with its j-th coordinate set to t *)
Definition upd (z : nat -> R) (j : nat) (t : R) : nat -> R := fun l => if Nat.eqb l j then t else z l.

Lemma derivable_pt_lim_sum : forall n (F : nat -> R -> R) (F' : nat -> R) x,
  (forall l, (l < n)%nat -> derivable_pt_lim (F l) x (F' l)) ->
  derivable_pt_lim (fun t => sum n (fun l => F l t)) x (sum n F').
Proof.
  induction n; intros F F' x H; simpl.
  - apply derivable_pt_lim_const.
  - apply (derivable_pt_lim_plus (fun t => sum n (fun l => F l t)) (F n)).
    + apply IHn; intros; apply H; lia.
    + apply H; lia.
Qed.

Lemma derivable_pt_lim_upd_exp : forall z j l,
  derivable_pt_lim (fun t => exp (upd z j t l)) (z j) (if Nat.eqb l j then exp (z j) else 0).
Proof.
  intros z j l. unfold upd. destruct (Nat.eqb l j).
  - apply derivable_pt_lim_exp.
  - apply derivable_pt_lim_const.
Qed.

Lemma sum_pos : forall n f, (n > 0)%nat -> (forall i, (i < n)%nat -> 0 < f i) -> 0 < sum n f.
Proof. induction n; intros f Hn H; [lia|]. simpl. destruct n.
  - simpl. assert (0 < f 0%nat) by (apply H; lia). lra.
  - assert (0 < sum (S n) f) by (apply IHn; [lia| intros; apply H; lia]). assert (0 < f (S n)) by (apply H; lia). lra. Qed.

Lemma sum_delta_r : forall n j f, (j < n)%nat -> sum n (fun l => if Nat.eqb l j then f l else 0) = f j.
Proof.
  induction n; intros j f Hj; [lia|]. simpl.
  destruct (Nat.eqb n j) eqn:E.
  - apply Nat.eqb_eq in E; subst j.
    assert (Z : forall m, (m <= n)%nat -> sum m (fun l => if Nat.eqb l n then f l else 0) = 0).
    { induction m; intros Hm; simpl; [lra|]. rewrite IHm by lia. destruct (Nat.eqb m n) eqn:E2; [apply Nat.eqb_eq in E2; lia| lra]. }
    rewrite Z by lia. lra.
  - apply Nat.eqb_neq in E. rewrite IHn by lia. lra.
Qed.

Lemma deriv_value : forall f x l l', derivable_pt_lim f x l -> l = l' -> derivable_pt_lim f x l'.
Proof. intros; subst; assumption. Qed.

Section Form.
Variable K : nat.
Variables p v : nat -> R.
Hypothesis p_nonneg : forall i, (i < K)%nat -> 0 <= p i.
Hypothesis p_sum : sum K p = 1.

Definition M (j k : nat) : R := p j * ((if Nat.eqb j k then 1 else 0) - p k).

Lemma variance_identity :
  sum K (fun i => p i * v i ^ 2) - (sum K (fun i => p i * v i)) ^ 2
  = / 2 * sum K (fun i => sum K (fun j => p i * p j * (v i - v j) ^ 2)).
Proof.
  set (A := sum K (fun i => p i * v i ^ 2)). set (B := sum K (fun i => p i * v i)).
  rewrite (sum_ext K _ (fun i => p i * v i ^ 2 * sum K p - 2 * (p i * v i) * B + p i * A)).
  2:{ intros i _. rewrite (sum_ext K _ (fun j => (p i * v i ^ 2) * p j - (2 * p i * v i) * (p j * v j) + p i * (p j * v j ^ 2))) by (intros; ring).
      rewrite sum_plus, sum_minus, !sum_scal. unfold A, B. ring. }
  rewrite sum_plus, sum_minus.
  rewrite (sum_ext K (fun i => p i * v i ^ 2 * sum K p) (fun i => sum K p * (p i * v i ^ 2))) by (intros; ring).
  rewrite (sum_ext K (fun i => 2 * (p i * v i) * B) (fun i => (2 * B) * (p i * v i))) by (intros; ring).
  rewrite (sum_ext K (fun i => p i * A) (fun i => A * p i)) by (intros; ring).
  rewrite !sum_scal. fold A B. rewrite p_sum. field.
Qed.

Lemma form_nonneg : 0 <= sum K (fun i => sum K (fun j => p i * p j * (v i - v j) ^ 2)).
Proof. apply sum_nonneg; intros i Hi; apply sum_nonneg; intros j Hj.
  assert (0 <= p i) by auto. assert (0 <= p j) by auto. assert (0 <= (v i - v j) ^ 2) by (apply pow2_ge_0).
  apply Rmult_le_pos; [apply Rmult_le_pos|]; assumption. Qed.

Lemma quadratic_form :
  sum K (fun j => sum K (fun k => v j * M j k * v k))
  = sum K (fun i => p i * v i ^ 2) - (sum K (fun i => p i * v i)) ^ 2.
Proof.
  rewrite (sum_ext K _ (fun j => p j * v j ^ 2 - (p j * v j) * sum K (fun k => p k * v k))).
  2:{ intros j Hj. unfold M.
      rewrite (sum_ext K _ (fun k => (if Nat.eqb j k then 1 else 0) * (v j * p j * v k) - (v j * p j) * (p k * v k))) by (intros; ring).
      rewrite sum_minus, sum_delta by assumption. rewrite sum_scal. ring. }
  rewrite sum_minus.
  rewrite (sum_ext K (fun j => p j * v j * sum K (fun k => p k * v k)) (fun j => sum K (fun k => p k * v k) * (p j * v j))) by (intros; ring).
  rewrite sum_scal. ring.
Qed.

Lemma row_sums_zero : forall j, (j < K)%nat -> sum K (fun k => M j k) = 0.
Proof. intros j Hj. unfold M.
  rewrite (sum_ext K _ (fun k => (if Nat.eqb j k then 1 else 0) * p j - p j * p k)) by (intros; ring).
  rewrite sum_minus, sum_delta, sum_scal, p_sum by assumption. ring. Qed.

Theorem form_psd : 0 <= sum K (fun j => sum K (fun k => v j * M j k * v k)).
Proof. rewrite quadratic_form, variance_identity. pose proof form_nonneg. lra. Qed.
End Form.

(* ---------------------------------------------------------------- softmax cross-entropy, every K *)

Definition S (K : nat) (z : nat -> R) : R := sum K (fun l => exp (z l)).
Definition p (K : nat) (z : nat -> R) (i : nat) : R := exp (z i) / S K z.
Definition L (K : nat) (y z : nat -> R) : R := - sum K (fun i => y i * ln (p K z i)).
Definition H (K : nat) (z : nat -> R) (j k : nat) : R := p K z j * ((if Nat.eqb j k then 1 else 0) - p K z k).

Lemma derivable_pt_lim_ext : forall f g x l, (forall t, f t = g t) -> derivable_pt_lim f x l -> derivable_pt_lim g x l.
Proof. intros f g x l E D eps Heps. destruct (D eps Heps) as [d Hd]. exists d. intros h Hh Hd'.
  rewrite <- !E. apply Hd; assumption. Qed.

Section Softmax.
Variable K : nat.
Hypothesis K_pos : (K > 0)%nat.

Lemma S_pos : forall z, 0 < S K z.
Proof. intros z. apply sum_pos; [assumption| intros; apply exp_pos]. Qed.

Lemma p_pos : forall z i, 0 < p K z i.
Proof. intros z i. unfold p. apply Rdiv_lt_0_compat; [apply exp_pos| apply S_pos]. Qed.

Lemma p_sum : forall z, sum K (p K z) = 1.
Proof. intros z. unfold p. rewrite (sum_ext K _ (fun i => / S K z * exp (z i))) by (intros; unfold Rdiv; ring).
  rewrite sum_scal. fold (S K z). assert (0 < S K z) by apply S_pos. field. lra. Qed.

Lemma S_upd_same : forall z j, S K (upd z j (z j)) = S K z.
Proof. intros z j. unfold S. apply sum_ext. intros l _. unfold upd.
  destruct (Nat.eqb l j) eqn:E; [apply Nat.eqb_eq in E; subst; reflexivity| reflexivity]. Qed.

Lemma dS : forall z j, (j < K)%nat -> derivable_pt_lim (fun t => S K (upd z j t)) (z j) (exp (z j)).
Proof.
  intros z j Hj. unfold S.
  replace (exp (z j)) with (sum K (fun l => if Nat.eqb l j then exp (z j) else 0))
    by (apply (sum_delta_r K j (fun _ => exp (z j))); assumption).
  apply (derivable_pt_lim_sum K (fun l t => exp (upd z j t l))). intros l _. apply derivable_pt_lim_upd_exp.
Qed.

(* L(z) = log S(z) - sum_i y_i z_i when the label sums to 1 *)
Lemma L_logsumexp : forall y z, sum K y = 1 -> L K y z = ln (S K z) - sum K (fun i => y i * z i).
Proof.
  intros y z Hy. unfold L, p.
  rewrite (sum_ext K _ (fun i => y i * z i - ln (S K z) * y i)).
  - rewrite sum_minus, sum_scal, Hy. ring.
  - intros i _. assert (0 < S K z) by apply S_pos. unfold Rdiv.
    rewrite ln_mult, ln_Rinv, ln_exp by (auto using exp_pos, Rinv_0_lt_compat). ring.
Qed.

Lemma d_linear : forall y z j, (j < K)%nat ->
  derivable_pt_lim (fun t => sum K (fun i => y i * upd z j t i)) (z j) (y j).
Proof.
  intros y z j Hj.
  replace (y j) with (sum K (fun l => if Nat.eqb l j then y l else 0)) by (apply sum_delta_r; assumption).
  apply (derivable_pt_lim_sum K (fun i t => y i * upd z j t i)). intros l _. unfold upd.
  destruct (Nat.eqb l j) eqn:E.
  - apply Nat.eqb_eq in E; subst l.
    apply (derivable_pt_lim_ext (fun t => t * y j)); [intros; ring|].
    eapply deriv_value.
    + apply (derivable_pt_lim_scal_right (fun t => t) (z j) 1 (y j)). apply derivable_pt_lim_id.
    + ring.
  - apply derivable_pt_lim_const.
Qed.

(* the gradient: dL/dz_j = p_j - y_j *)
Theorem gradient : forall y z j, sum K y = 1 -> (j < K)%nat ->
  derivable_pt_lim (fun t => L K y (upd z j t)) (z j) (p K z j - y j).
Proof.
  intros y z j Hy Hj.
  apply (derivable_pt_lim_ext (fun t => ln (S K (upd z j t)) - sum K (fun i => y i * upd z j t i))).
  { intros t. rewrite L_logsumexp by assumption. reflexivity. }
  apply (derivable_pt_lim_minus (fun t => ln (S K (upd z j t)))).
  - unfold p. replace (exp (z j) / S K z) with (/ S K (upd z j (z j)) * exp (z j))
      by (rewrite S_upd_same; unfold Rdiv; ring).
    apply (derivable_pt_lim_comp (fun t => S K (upd z j t)) ln). apply dS; assumption.
    apply derivable_pt_lim_ln. apply S_pos.
  - apply d_linear; assumption.
Qed.

(* the Hessian: d(p_j - y_j)/dz_k = p_j (delta_jk - p_k) *)
Theorem hessian : forall y z j k, (j < K)%nat -> (k < K)%nat ->
  derivable_pt_lim (fun t => p K (upd z k t) j - y j) (z k) (H K z j k).
Proof.
  intros y z j k Hj Hk. unfold H, p.
  assert (HS := S_pos z). assert (Hne : S K (upd z k (z k)) <> 0) by (rewrite S_upd_same; lra).
  eapply deriv_value.
  - apply derivable_pt_lim_minus; [| apply derivable_pt_lim_const].
    apply (derivable_pt_lim_div (fun t => exp (upd z k t j)) (fun t => S K (upd z k t)) (z k)
             _ _ (derivable_pt_lim_upd_exp z k j) (dS z k Hk) Hne).
  - cbv beta. rewrite S_upd_same. unfold upd, Rsqr.
    destruct (Nat.eqb j k) eqn:E.
    + apply Nat.eqb_eq in E; subst. field. lra.
    + field. lra.
Qed.

(* v^T H v = sum_i p_i v_i^2 - (sum_i p_i v_i)^2 = 1/2 sum_i sum_j p_i p_j (v_i - v_j)^2 >= 0 *)
Theorem hessian_quadratic_form : forall z v,
  sum K (fun j => sum K (fun k => v j * H K z j k * v k))
  = / 2 * sum K (fun i => sum K (fun j => p K z i * p K z j * (v i - v j) ^ 2)).
Proof.
  intros z v. transitivity (sum K (fun i => p K z i * v i ^ 2) - (sum K (fun i => p K z i * v i)) ^ 2).
  - exact (quadratic_form K (p K z) v).
  - apply variance_identity. apply p_sum.
Qed.

Theorem hessian_psd : forall z v, 0 <= sum K (fun j => sum K (fun k => v j * H K z j k * v k)).
Proof. intros z v. apply (form_psd K (p K z) v). intros; left; apply p_pos. apply p_sum. Qed.

(* H 1 = 0 *)
Theorem hessian_kernel : forall z j, (j < K)%nat -> sum K (fun k => H K z j k) = 0.
Proof. intros z j Hj. apply (row_sums_zero K (p K z) (p_sum z)). assumption. Qed.

(* L(z + t 1) = L(z) *)
Theorem shift_invariance : forall y z t, sum K y = 1 -> L K y (fun l => z l + t) = L K y z.
Proof.
  intros y z t Hy. rewrite !L_logsumexp by assumption.
  assert (ES : S K (fun l => z l + t) = exp t * S K z).
  { unfold S. rewrite <- sum_scal. apply sum_ext. intros; rewrite exp_plus; ring. }
  rewrite ES, ln_mult by (apply exp_pos || apply S_pos). rewrite ln_exp.
  rewrite (sum_ext K (fun i => y i * (z i + t)) (fun i => y i * z i + t * y i)) by (intros; ring).
  rewrite sum_plus, sum_scal, Hy. ring.
Qed.
End Softmax.

Lemma L_ext : forall K y w1 w2, (forall l, (l < K)%nat -> w1 l = w2 l) -> L K y w1 = L K y w2.
Proof.
  intros K y w1 w2 E. unfold L, p.
  assert (ES : S K w1 = S K w2) by (unfold S; apply sum_ext; intros l Hl; rewrite E by assumption; reflexivity).
  rewrite ES. f_equal. apply sum_ext. intros i Hi. rewrite E by assumption. reflexivity.
Qed.

(* ---------------------------------------------------------------- the trusted base, named *)

Parameter convex : nat -> ((nat -> R) -> R) -> Prop.
Parameter strictly_convex : nat -> ((nat -> R) -> R) -> Prop.

(* Boyd and Vandenberghe, Convex Optimization, 3.1.4: a twice differentiable function whose Hessian is
   positive semidefinite everywhere is convex. *)
Axiom second_order_condition : forall K (f : (nat -> R) -> R) (g : (nat -> R) -> nat -> R)
  (Hf : (nat -> R) -> nat -> nat -> R),
  (forall z j, (j < K)%nat -> derivable_pt_lim (fun t => f (upd z j t)) (z j) (g z j)) ->
  (forall z j k, (j < K)%nat -> (k < K)%nat -> derivable_pt_lim (fun t => g (upd z k t) j) (z k) (Hf z j k)) ->
  (forall z v, 0 <= sum K (fun j => sum K (fun k => v j * Hf z j k * v k))) ->
  convex K f.

(* Boyd and Vandenberghe, 3.1.1: a function constant along a line is not strictly convex. *)
Axiom strict_convexity_definition : forall K (f : (nat -> R) -> R) z d,
  (exists l, (l < K)%nat /\ d l <> 0) -> (forall t, f (fun l => z l + t * d l) = f z) -> ~ strictly_convex K f.

(* ---------------------------------------------------------------- the theorem *)

Theorem cross_entropy_convex : forall K (y : nat -> R), (K > 0)%nat ->
  (forall i, (i < K)%nat -> 0 <= y i) -> sum K y = 1 ->
  convex K (L K y) /\ ~ strictly_convex K (L K y).
Proof.
  intros K y HK Hy0 Hy. split.
  - apply (second_order_condition K (L K y) (fun z j => p K z j - y j) (H K)).
    + intros z j Hj. apply gradient; assumption.
    + intros z j k Hj Hk. apply hessian; assumption.
    + intros z v. apply hessian_psd; assumption.
  - apply (strict_convexity_definition K (L K y) (fun _ => 0) (fun _ => 1)).
    + exists 0%nat. split; [assumption| lra].
    + intros t. transitivity (L K y (fun l => (fun _ => 0) l + t)).
      * apply L_ext. intros l _. ring.
      * apply shift_invariance; assumption.
Qed.
"""


def to_coq(proof) -> str:
    """The proof as a Coq file: the library, then its statement at the proof's K (or for every K), proved from
    the library's lemmas, then ``Print Assumptions``."""
    if proof.kind == "refute":
        raise BadInput("{format} coq exports proofs of convexity and derivations, not refutations (a Coq proof of "
                       "a counterexample would need interval arithmetic Coq's standard library lacks)")
    if proof.verdict != "proved":
        raise ValueError("only a proof whose every check passed can be exported")
    if proof.loss not in ("", "ce"):
        raise BadInput(f"{{format}} coq covers cross-entropy (prove and derive); the loss {proof.loss} has no Coq "
                       "export yet (its Hessian needs a Coq proof of its own)")
    n = proof.notation
    derive = proof.kind == "derive"
    origin = f"(* Generated by ceproof: {_command(proof)} --format coq. Check it with: coqc FILE.v *)\n"
    body = (_explicit(n.classes, n.label, derive) if n.is_explicit else _every_k(derive))
    return origin + "\n" + LIBRARY + "\n" + body


def _command(proof) -> str:
    n = proof.notation
    options = f" --classes {n.classes} --label {n.label}" if n.is_explicit else ""
    return f"ceproof {'derive' if proof.kind == 'derive' else 'prove'}{options}"


DERIVATION = """Theorem derivation : forall K (y : nat -> R), (K > 0)%nat -> sum K y = 1 ->
  (forall z j, (j < K)%nat -> derivable_pt_lim (fun t => L K y (upd z j t)) (z j) (p K z j - y j)) /\\
  (forall z j k, (j < K)%nat -> (k < K)%nat ->
     derivable_pt_lim (fun t => p K (upd z k t) j - y j) (z k) (p K z j * ((if Nat.eqb j k then 1 else 0) - p K z k))).
Proof.
  intros K y HK Hy. split.
  - intros z j Hj. apply gradient; assumption.
  - intros z j k Hj Hk. apply hessian; assumption.
Qed.
"""


def _every_k(derive: bool) -> str:
    if derive:
        return DERIVATION + "\nPrint Assumptions derivation.\n"
    return "Print Assumptions cross_entropy_convex.\n"


def _explicit(classes: int, label: int, derive: bool) -> str:
    """The statement at K = ``classes`` with the one-hot label of class ``label``."""
    out = [f"(* ---------------------------------------------------------------- K = {classes}, y = e_{label} *)", "",
           f"Definition K := {classes}%nat.",
           f"Definition y (i : nat) : R := if Nat.eqb i {label} then 1 else 0.",
           "Lemma K_pos : (K > 0)%nat. Proof. unfold K; lia. Qed.",
           "Lemma y_nonneg : forall i, (i < K)%nat -> 0 <= y i.",
           "Proof. intros i _. unfold y. destruct (Nat.eqb i " + str(label) + "); lra. Qed.",
           "Lemma y_sum : sum K y = 1. Proof. unfold K, y. simpl. lra. Qed.", ""]
    if classes <= ENTRIES_UP_TO:
        for j in range(classes):
            out += [f"Lemma gradient_{j} : forall z, derivable_pt_lim (fun t => L K y (upd z {j} t)) (z {j}%nat) "
                    f"(p K z {j} - {1 if j == label else 0}).",
                    f"Proof. intros z. eapply deriv_value; [apply gradient; [exact K_pos| exact y_sum| unfold K; lia]| "
                    "unfold y; simpl; ring]. Qed."]
        for j in range(classes):
            for k in range(classes):
                value = f"p K z {j} * (1 - p K z {j})" if j == k else f"- (p K z {j} * p K z {k})"
                out += [f"Lemma hessian_{j}_{k} : forall z, derivable_pt_lim (fun t => p K (upd z {k} t) {j} - y {j}) "
                        f"(z {k}%nat) ({value}).",
                        "Proof. intros z. eapply deriv_value; [apply hessian; [exact K_pos| unfold K; lia| unfold K; lia]| "
                        "unfold H; simpl; ring]. Qed."]
        out.append("")
    else:
        out += ["(* Above K = " + str(ENTRIES_UP_TO) + " the entries are stated for every j, k < K: the every-K lemmas "
                "at this K. *)",
                "Lemma gradient_K : forall z j, (j < K)%nat -> derivable_pt_lim (fun t => L K y (upd z j t)) (z j) "
                "(p K z j - y j).",
                "Proof. intros z j Hj. apply gradient; [exact K_pos| exact y_sum| exact Hj]. Qed.",
                "Lemma hessian_K : forall z j k, (j < K)%nat -> (k < K)%nat ->",
                "  derivable_pt_lim (fun t => p K (upd z k t) j - y j) (z k) (H K z j k).",
                "Proof. intros z j k Hj Hk. apply hessian; [exact K_pos| exact Hj| exact Hk]. Qed.", ""]
    out += ["Lemma quadratic_form_K : forall z v, sum K (fun j => sum K (fun k => v j * H K z j k * v k))",
            "  = / 2 * sum K (fun i => sum K (fun j => p K z i * p K z j * (v i - v j) ^ 2)).",
            "Proof. intros z v. apply hessian_quadratic_form. exact K_pos. Qed.",
            "Lemma hessian_psd_K : forall z v, 0 <= sum K (fun j => sum K (fun k => v j * H K z j k * v k)).",
            "Proof. intros z v. apply hessian_psd. exact K_pos. Qed.",
            "Lemma hessian_kernel_K : forall z j, (j < K)%nat -> sum K (fun k => H K z j k) = 0.",
            "Proof. intros z j Hj. apply hessian_kernel; [exact K_pos| exact Hj]. Qed.",
            "Lemma shift_invariance_K : forall z t, L K y (fun l => z l + t) = L K y z.",
            "Proof. intros z t. apply shift_invariance; [exact K_pos| exact y_sum]. Qed.", ""]
    if derive:
        out += ["Theorem derivation_K :",
                "  (forall z j, (j < K)%nat -> derivable_pt_lim (fun t => L K y (upd z j t)) (z j) (p K z j - y j)) /\\",
                "  (forall z j k, (j < K)%nat -> (k < K)%nat -> derivable_pt_lim (fun t => p K (upd z k t) j - y j) "
                "(z k) (H K z j k)).",
                "Proof. split; intros. - apply gradient; [exact K_pos| exact y_sum| assumption]. "
                "- apply hessian; [exact K_pos| assumption| assumption]. Qed.", "",
                "Print Assumptions derivation_K."]
    else:
        out += ["Theorem cross_entropy_convex_K : convex K (L K y) /\\ ~ strictly_convex K (L K y).",
                "Proof. apply cross_entropy_convex; [exact K_pos| exact y_nonneg| exact y_sum]. Qed.", "",
                "Print Assumptions cross_entropy_convex_K."]
    return "\n".join(out) + "\n"
