"""The Coq text every ``--format coq`` export starts with: the core (sums, the variance identity, softmax
cross-entropy for every K with its gradient and Hessian, the trusted base as named parameters and axioms), and
for the other convex losses of the family the parts their theorems need. Coq checks every proof in it; ceproof
only pastes it."""

CORE = r"""(* The Coq library every export of ceproof starts with: sums over 0 .. K-1, the derivative of a sum, the
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


VARIANTS = r"""(* ---------------------------------------------------------------- the convex variants of cross-entropy:
   a label y of any total Y = sum y has the Hessian Y (diag(p) - p p^T), convex when Y >= 0 *)
Require FunctionalExtensionality.
(* ---------------------------------------------------------------- a label y of any total Y = sum y: Hessian Y (diag(p) - p p^T) *)

Definition onehot (c i : nat) : R := if Nat.eqb i c then 1 else 0.

Lemma sum_onehot : forall n c, (c < n)%nat -> sum n (onehot c) = 1.
Proof. intros n c Hc. unfold onehot. apply (sum_delta_r n c (fun _ => 1)). assumption. Qed.

Lemma sum_const : forall n c, sum n (fun _ => c) = INR n * c.
Proof. induction n; intros c; simpl sum; [simpl; ring|]. rewrite IHn, S_INR. ring. Qed.


Section Total.
Variable K : nat.
Hypothesis K_pos : (K > 0)%nat.

Lemma L_total : forall y z, L K y z = sum K y * ln (S K z) - sum K (fun i => y i * z i).
Proof.
  intros y z. unfold L, p.
  rewrite (sum_ext K _ (fun i => y i * z i - ln (S K z) * y i)).
  - rewrite sum_minus, sum_scal. ring.
  - intros i _. assert (0 < S K z) by (apply S_pos; assumption). unfold Rdiv.
    rewrite ln_mult, ln_Rinv, ln_exp by (auto using exp_pos, Rinv_0_lt_compat). ring.
Qed.

Theorem gradient_total : forall y z j, (j < K)%nat ->
  derivable_pt_lim (fun t => L K y (upd z j t)) (z j) (sum K y * p K z j - y j).
Proof.
  intros y z j Hj.
  apply (derivable_pt_lim_ext (fun t => sum K y * ln (S K (upd z j t)) - sum K (fun i => y i * upd z j t i))).
  { intros t. rewrite L_total. reflexivity. }
  apply (derivable_pt_lim_minus (fun t => sum K y * ln (S K (upd z j t)))).
  - apply (derivable_pt_lim_ext (fun t => ln (S K (upd z j t)) * sum K y)); [intros; ring|].
    eapply deriv_value.
    + apply derivable_pt_lim_scal_right.
      apply (derivable_pt_lim_comp (fun t => S K (upd z j t)) ln). apply dS; assumption.
      apply derivable_pt_lim_ln. apply S_pos; assumption.
    + unfold p. rewrite S_upd_same by assumption. unfold Rdiv. ring.
  - apply d_linear; assumption.
Qed.

Lemma dp : forall z j k, (j < K)%nat -> (k < K)%nat ->
  derivable_pt_lim (fun t => p K (upd z k t) j) (z k) (H K z j k).
Proof.
  intros z j k Hj Hk. apply (derivable_pt_lim_ext (fun t => p K (upd z k t) j - (fun _ => 0) j)); [intros; simpl; ring|].
  exact (hessian K K_pos (fun _ => 0) z j k Hj Hk).
Qed.

Theorem hessian_total : forall y z j k, (j < K)%nat -> (k < K)%nat ->
  derivable_pt_lim (fun t => sum K y * p K (upd z k t) j - y j) (z k) (sum K y * H K z j k).
Proof.
  intros y z j k Hj Hk. eapply deriv_value.
  - apply derivable_pt_lim_minus; [| apply derivable_pt_lim_const].
    apply (derivable_pt_lim_ext (fun t => p K (upd z k t) j * sum K y)); [intros; ring|].
    apply derivable_pt_lim_scal_right. apply dp; assumption.
  - ring.
Qed.

Lemma form_scale : forall (c : R) (M : nat -> nat -> R) v,
  sum K (fun j => sum K (fun k => v j * (c * M j k) * v k)) = c * sum K (fun j => sum K (fun k => v j * M j k * v k)).
Proof. intros c M v. rewrite <- sum_scal. apply sum_ext. intros j _. rewrite <- sum_scal. apply sum_ext. intros; ring. Qed.

Theorem hessian_total_psd : forall y z v, 0 <= sum K y ->
  0 <= sum K (fun j => sum K (fun k => v j * (sum K y * H K z j k) * v k)).
Proof. intros y z v HY. rewrite form_scale. apply Rmult_le_pos; [assumption| apply hessian_psd; assumption]. Qed.

Theorem shift_total : forall y z t, L K y (fun l => z l + t) = L K y z.
Proof.
  intros y z t. rewrite !L_total.
  assert (ES : S K (fun l => z l + t) = exp t * S K z).
  { unfold S. rewrite <- sum_scal. apply sum_ext. intros; rewrite exp_plus; ring. }
  rewrite ES, ln_mult by (apply exp_pos || (apply S_pos; assumption)). rewrite ln_exp.
  rewrite (sum_ext K (fun i => y i * (z i + t)) (fun i => y i * z i + t * y i)) by (intros; ring).
  rewrite sum_plus, sum_scal. ring.
Qed.
End Total.

Lemma not_strictly_along_ones : forall K f, (K > 0)%nat -> (forall z t, f (fun l => z l + t) = f z) -> ~ strictly_convex K f.
Proof.
  intros K f HK Hf. apply (strict_convexity_definition K f (fun _ => 0) (fun _ => 1)).
  - exists 0%nat. split; [assumption| lra].
  - intros t. rewrite <- (Hf (fun _ => 0) t). f_equal. apply FunctionalExtensionality.functional_extensionality. intros; ring.
Qed.

(* a label with a nonnegative total: convex, and not strictly (constant along 1) *)
Theorem total_convex : forall K y, (K > 0)%nat -> 0 <= sum K y ->
  convex K (L K y) /\ ~ strictly_convex K (L K y).
Proof.
  intros K y HK HY. split.
  - apply (second_order_condition K (L K y) (fun z j => sum K y * p K z j - y j) (fun z j k => sum K y * H K z j k)).
    + intros z j Hj. apply gradient_total; assumption.
    + intros z j k Hj Hk. apply hessian_total; assumption.
    + intros z v. apply hessian_total_psd; assumption.
  - apply not_strictly_along_ones; [assumption|]. intros z t. apply shift_total; assumption.
Qed.

Lemma convex_ext : forall K f g, (forall z, f z = g z) -> convex K g /\ ~ strictly_convex K g -> convex K f /\ ~ strictly_convex K f.
Proof. intros K f g E C. replace f with g; [assumption|]. apply FunctionalExtensionality.functional_extensionality. intros; symmetry; apply E. Qed.

(* soft labels: y_i >= 0 of any total *)
Theorem soft_labels_convex : forall K y, (K > 0)%nat -> (forall i, (i < K)%nat -> 0 <= y i) ->
  convex K (L K y) /\ ~ strictly_convex K (L K y).
Proof. intros K y HK Hy. apply total_convex; [assumption| apply sum_nonneg; assumption]. Qed.

(* label smoothing: y = (1 - eps) e_c + eps / K, which sums to 1 *)
Definition smoothed (K c : nat) (eps : R) (i : nat) : R := (1 - eps) * onehot c i + eps / INR K.

Theorem label_smoothing_convex : forall K c eps, (K > 0)%nat -> (c < K)%nat ->
  convex K (L K (smoothed K c eps)) /\ ~ strictly_convex K (L K (smoothed K c eps)).
Proof.
  intros K c eps HK Hc. apply total_convex; [assumption|]. unfold smoothed.
  rewrite sum_plus, sum_scal, sum_onehot, sum_const by assumption.
  assert (0 < INR K) by (apply lt_0_INR; assumption). field_simplify; [lra| lra].
Qed.

(* a weight w >= 0 on the true class: - w log p_c *)
Definition weighted (K c : nat) (w : R) (z : nat -> R) : R := - w * sum K (fun i => onehot c i * ln (p K z i)).

Theorem weighted_convex : forall K c w, (K > 0)%nat -> (c < K)%nat -> 0 <= w ->
  convex K (weighted K c w) /\ ~ strictly_convex K (weighted K c w).
Proof.
  intros K c w HK Hc Hw. apply (convex_ext K _ (L K (fun i => w * onehot c i))).
  - intros z. unfold weighted, L.
    rewrite (sum_ext K (fun i => w * onehot c i * ln (p K z i)) (fun i => w * (onehot c i * ln (p K z i)))) by (intros; ring).
    rewrite sum_scal. ring.
  - apply total_convex; [assumption|]. rewrite sum_scal, sum_onehot by assumption. lra.
Qed.

(* ListNet: the label is the softmax of fixed grades g *)
Theorem listnet_convex : forall K g, (K > 0)%nat ->
  convex K (L K (p K g)) /\ ~ strictly_convex K (L K (p K g)).
Proof. intros K g HK. apply total_convex; [assumption|]. rewrite p_sum by assumption. lra. Qed.

(* temperature: L(z / tau) for tau > 0; Hessian Y tau^-2 (diag(p) - p p^T) at z / tau *)
Definition tempered (K : nat) (y : nat -> R) (tau : R) (z : nat -> R) : R := L K y (fun l => z l / tau).

Section Temperature.
Variable K : nat.
Hypothesis K_pos : (K > 0)%nat.
Variable tau : R.
Hypothesis tau_pos : 0 < tau.

Lemma scale_upd : forall z j t, (fun l => upd z j t l / tau) = upd (fun l => z l / tau) j (t / tau).
Proof. intros z j t. apply FunctionalExtensionality.functional_extensionality. intros l. unfold upd. destruct (Nat.eqb l j); reflexivity. Qed.

Lemma d_scale : forall x, derivable_pt_lim (fun t => t / tau) x (/ tau).
Proof. intros x. apply (derivable_pt_lim_ext (fun t => t * / tau)); [intros; reflexivity|].
  eapply deriv_value; [apply derivable_pt_lim_scal_right, derivable_pt_lim_id| ring]. Qed.

Theorem gradient_tempered : forall y z j, (j < K)%nat ->
  derivable_pt_lim (fun t => tempered K y tau (upd z j t)) (z j)
    ((sum K y * p K (fun l => z l / tau) j - y j) / tau).
Proof.
  intros y z j Hj. set (w := fun l => z l / tau).
  apply (derivable_pt_lim_ext (comp (fun s => L K y (upd w j s)) (fun t => t / tau))).
  { intros t. unfold comp, tempered, w. rewrite scale_upd. reflexivity. }
  eapply deriv_value.
  - apply derivable_pt_lim_comp; [apply d_scale|]. cbv beta.
    change (z j / tau) with (w j). apply gradient_total; assumption.
  - unfold Rdiv. ring.
Qed.

Theorem hessian_tempered : forall y z j k, (j < K)%nat -> (k < K)%nat ->
  derivable_pt_lim (fun t => (sum K y * p K (fun l => upd z k t l / tau) j - y j) / tau) (z k)
    (sum K y * H K (fun l => z l / tau) j k / tau / tau).
Proof.
  intros y z j k Hj Hk. set (w := fun l => z l / tau).
  apply (derivable_pt_lim_ext (comp (fun s => (sum K y * p K (upd w k s) j - y j) * / tau) (fun t => t / tau))).
  { intros t. unfold comp, w. rewrite scale_upd. reflexivity. }
  eapply deriv_value.
  - apply derivable_pt_lim_comp; [apply d_scale|]. cbv beta.
    change (z k / tau) with (w k). apply derivable_pt_lim_scal_right. apply hessian_total; assumption.
  - unfold Rdiv. ring.
Qed.

Theorem hessian_tempered_psd : forall y z v, 0 <= sum K y ->
  0 <= sum K (fun j => sum K (fun k => v j * (sum K y * H K (fun l => z l / tau) j k / tau / tau) * v k)).
Proof.
  intros y z v HY.
  rewrite (sum_ext K _ (fun j => sum K (fun k => v j * ((/ tau * / tau) * (sum K y * H K (fun l => z l / tau) j k)) * v k))).
  2:{ intros j _. apply sum_ext. intros; unfold Rdiv; ring. }
  rewrite form_scale. apply Rmult_le_pos.
  - assert (0 < / tau) by (apply Rinv_0_lt_compat; assumption). nra.
  - apply hessian_total_psd; assumption.
Qed.
End Temperature.

Theorem temperature_convex : forall K y tau, (K > 0)%nat -> 0 < tau -> 0 <= sum K y ->
  convex K (tempered K y tau) /\ ~ strictly_convex K (tempered K y tau).
Proof.
  intros K y tau HK Htau HY. split.
  - apply (second_order_condition K (tempered K y tau)
             (fun z j => (sum K y * p K (fun l => z l / tau) j - y j) / tau)
             (fun z j k => sum K y * H K (fun l => z l / tau) j k / tau / tau)).
    + intros z j Hj. apply gradient_tempered; assumption.
    + intros z j k Hj Hk. apply hessian_tempered; assumption.
    + intros z v. apply hessian_tempered_psd; assumption.
  - apply not_strictly_along_ones; [assumption|]. intros z t. unfold tempered.
    rewrite <- (shift_total K HK y (fun l => z l / tau) (t / tau)). f_equal.
    apply FunctionalExtensionality.functional_extensionality. intros l. field. lra.
Qed.
"""


CENTERED = r"""(* ---------------------------------------------------------------- strictly convex on the plane sum z = 0 *)

Parameter strictly_convex_on : nat -> ((nat -> R) -> R) -> (nat -> R) -> Prop.

(* Boyd and Vandenberghe, 3.1.4 and 3.2.2: a twice differentiable function whose Hessian is positive definite on
   the directions of the plane sum_l a_l z_l = 0 is strictly convex on that plane. *)
Axiom second_order_strict_on : forall K (f : (nat -> R) -> R) (g : (nat -> R) -> nat -> R)
  (Hf : (nat -> R) -> nat -> nat -> R) (a : nat -> R),
  (forall z j, (j < K)%nat -> derivable_pt_lim (fun t => f (upd z j t)) (z j) (g z j)) ->
  (forall z j k, (j < K)%nat -> (k < K)%nat -> derivable_pt_lim (fun t => g (upd z k t) j) (z k) (Hf z j k)) ->
  (forall z v, sum K (fun l => a l * v l) = 0 -> (exists l, (l < K)%nat /\ v l <> 0) ->
     0 < sum K (fun j => sum K (fun k => v j * Hf z j k * v k))) ->
  strictly_convex_on K f a.

Lemma all_or_one : forall n (f : nat -> R) c, (forall i, (i < n)%nat -> f i = c) \/ (exists i, (i < n)%nat /\ f i <> c).
Proof.
  induction n; intros f c; [left; intros; lia|].
  destruct (IHn f c) as [A|[i [Hi E]]].
  - destruct (Req_EM_T (f n) c) as [E|E].
    + left. intros i Hi. destruct (Nat.eq_dec i n) as [Hn|Hn]; [rewrite Hn; assumption| apply A; lia].
    + right. exists n. split; [lia| assumption].
  - right. exists i. split; [lia| assumption].
Qed.

Lemma sum_pos_one : forall n f i, (i < n)%nat -> (forall j, (j < n)%nat -> 0 <= f j) -> 0 < f i -> 0 < sum n f.
Proof.
  induction n; intros f i Hi H Hpos; [lia|]. simpl. destruct (Nat.eq_dec i n).
  - subst. assert (0 <= sum n f) by (apply sum_nonneg; intros; apply H; lia). lra.
  - assert (0 < sum n f) by (apply (IHn f i); [lia| intros; apply H; lia| assumption]).
    assert (0 <= f n) by (apply H; lia). lra.
Qed.

(* v^T H v > 0 for every v <> 0 with sum v = 0: the pairs (i, l) with v_i <> v_l carry it *)
Theorem hessian_pd_centered : forall K z v, (K > 0)%nat -> sum K (fun l => 1 * v l) = 0 ->
  (exists l, (l < K)%nat /\ v l <> 0) -> 0 < sum K (fun j => sum K (fun k => v j * H K z j k * v k)).
Proof.
  intros K z v HK Hv [l [Hl Hne]]. rewrite hessian_quadratic_form by assumption.
  assert (term : forall i j, 0 <= p K z i * p K z j * (v i - v j) ^ 2).
  { intros i j. pose proof (p_pos K HK z i). pose proof (p_pos K HK z j). pose proof (pow2_ge_0 (v i - v j)).
    apply Rmult_le_pos; [apply Rmult_le_pos|]; lra. }
  destruct (all_or_one K v (v l)) as [A|[i [Hi E]]].
  - exfalso. apply Hne. rewrite (sum_ext K _ (fun _ => v l)) in Hv by (intros i Hi; rewrite A by assumption; ring).
    rewrite sum_const in Hv. assert (0 < INR K) by (apply lt_0_INR; lia). nra.
  - apply Rmult_lt_0_compat; [lra|].
    apply (sum_pos_one K _ i Hi); [intros; apply sum_nonneg; intros; apply term|].
    apply (sum_pos_one K _ l Hl); [intros; apply term|].
    pose proof (p_pos K HK z i). pose proof (p_pos K HK z l).
    assert (0 < (v i - v l) ^ 2) by (rewrite <- Rsqr_pow2; apply Rsqr_pos_lt; lra).
    apply Rmult_lt_0_compat; [apply Rmult_lt_0_compat|]; assumption.
Qed.

Theorem ce_centered : forall K y, (K > 0)%nat -> (forall i, (i < K)%nat -> 0 <= y i) -> sum K y = 1 ->
  convex K (L K y) /\ ~ strictly_convex K (L K y) /\ strictly_convex_on K (L K y) (fun _ => 1).
Proof.
  intros K y HK Hy0 Hy. destruct (cross_entropy_convex K y HK Hy0 Hy) as [C N]. split; [assumption| split; [assumption|]].
  apply (second_order_strict_on K (L K y) (fun z j => p K z j - y j) (H K)).
  - intros z j Hj. apply gradient; assumption.
  - intros z j k Hj Hk. apply hessian; assumption.
  - intros z v Hv Hne. apply hessian_pd_centered; assumption.
Qed.
"""
