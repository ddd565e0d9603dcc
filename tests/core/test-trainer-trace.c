/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-trainer-trace.c: what the trainer tells beyond the record points
 * (issue 17): the cost of every one of the first iterations, the rises
 * between record points, the test cost at record points, each against a
 * plain float64 loop; and that asking for them leaves the results' bits as
 * they are. */
#include "config.h"

#include <math.h>
#include <string.h>

#include "core/data/dataset.h"
#include "core/train/trainer.h"
#include "core/train/vmath.h"
#include "fixtures.h"

#define DENSE 100

/* Data for the trainer, example i's features contiguous, in [0, 1]. */
typedef struct {
  gsize n, m, m_test;
  double *X, *X_test;
  guint8 *pixels, *pixels_test;
  guint8 *y, *y_test;
  LlTrainData data;         /* float64 features */
  LlTrainData pixel_data;   /* the same as 8-bit pixels */
  LlDataset *dataset;       /* the cat data's, when loaded from it */
} Problem;

static void
problem_free (Problem *p)
{
  g_free (p->X);
  g_free (p->X_test);
  if (p->dataset == NULL)
    {
      g_free (p->pixels);
      g_free (p->pixels_test);
      g_free (p->y);
      g_free (p->y_test);
    }
  g_clear_pointer (&p->dataset, ll_dataset_free);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Problem, problem_free)

static void
problem_bind (Problem *p)
{
  p->data = (LlTrainData) {
    .n_features = p->n, .X_train = p->X, .y_train = p->y, .m_train = p->m,
    .X_test = p->m_test > 0 ? p->X_test : NULL, .y_test = p->y_test, .m_test = p->m_test,
  };
  p->pixel_data = (LlTrainData) {
    .n_features = p->n, .y_train = p->y, .m_train = p->m, .y_test = p->y_test,
    .m_test = p->m_test, .pixels_train = p->pixels,
    .pixels_test = p->m_test > 0 ? p->pixels_test : NULL, .pixel_scale = 1.0 / 255.0,
  };
}

/* Random pixels, labels from a noisy linear rule: both classes occur. */
static Problem *
random_problem_new (gsize n, gsize m, gsize m_test, guint32 seed)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  g_autofree double *rule = g_new (double, n);
  Problem *p = g_new0 (Problem, 1);

  p->n = n, p->m = m, p->m_test = m_test;
  p->X = g_new (double, n * m);
  p->X_test = g_new (double, n * MAX (m_test, 1));
  p->pixels = g_new (guint8, n * m);
  p->pixels_test = g_new (guint8, n * MAX (m_test, 1));
  p->y = g_new (guint8, m);
  p->y_test = g_new (guint8, MAX (m_test, 1));
  for (gsize j = 0; j < n; j++)
    rule[j] = g_rand_double_range (rand, -4, 4) / sqrt ((double) n);
  for (gsize split = 0; split < 2; split++)
    {
      gsize count = split == 0 ? m : m_test;
      guint8 *pixels = split == 0 ? p->pixels : p->pixels_test;
      double *X = split == 0 ? p->X : p->X_test;
      guint8 *y = split == 0 ? p->y : p->y_test;

      for (gsize i = 0; i < count; i++)
        {
          double z = g_rand_double_range (rand, -0.5, 0.5);

          for (gsize j = 0; j < n; j++)
            {
              pixels[i * n + j] = (guint8) g_rand_int_range (rand, 0, 256);
              X[i * n + j] = pixels[i * n + j] / 255.0;
              z += rule[j] * (X[i * n + j] - 0.5);
            }
          y[i] = z > 0;
        }
    }
  problem_bind (p);
  return p;
}

static Problem *
cat_problem_new (void)
{
  const char *dir = ll_test_catvnoncat_dir ();
  g_autoptr (GError) error = NULL;
  Problem *p;

  if (dir == NULL)
    return NULL;
  p = g_new0 (Problem, 1);
  p->dataset = ll_dataset_load_h5_pair (dir, &error);
  g_assert_no_error (error);
  p->n = p->dataset->n_features;
  p->m = p->dataset->train.count;
  p->m_test = p->dataset->test.count;
  p->X = ll_split_features (&p->dataset->train, p->n);
  p->X_test = ll_split_features (&p->dataset->test, p->n);
  p->pixels = p->dataset->train.pixels;
  p->pixels_test = p->dataset->test.pixels;
  p->y = p->dataset->train.labels;
  p->y_test = p->dataset->test.labels;
  problem_bind (p);
  return p;
}

/* The mean loss of (w, b) on COUNT examples, term by term. */
static double
direct_cost (const double *w, double b, const double *X, const guint8 *y, gsize n, gsize count)
{
  double sum = 0;

  for (gsize i = 0; i < count; i++)
    {
      double z = b;

      for (gsize j = 0; j < n; j++)
        z += w[j] * X[i * n + j];
      sum += ll_logistic_loss (z, y[i]);
    }
  return sum / (double) count;
}

/* The plain float64 loop: each iteration's training cost (ITERATIONS + 1,
 * the last the final model's) and test cost, rises counted as the trainer
 * documents them. */
typedef struct {
  double *costs;
  double *test_costs;
  guint rises;
  guint first_rise;
} Reference;

static void
reference_clear (Reference *r)
{
  g_free (r->costs);
  g_free (r->test_costs);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reference, reference_clear)

static void
reference_run (const Problem *p, double rate, guint iterations, Reference *r)
{
  g_autofree double *w = g_new0 (double, p->n);
  g_autofree double *dw = g_new (double, p->n);
  g_autofree double *z = g_new (double, p->m);
  double b = 0;

  r->costs = g_new (double, iterations + 1);
  r->test_costs = g_new (double, iterations + 1);
  r->rises = r->first_rise = 0;
  for (guint t = 0; t <= iterations; t++)
    {
      double cost = 0, residual_sum = 0;

      for (gsize i = 0; i < p->m; i++)
        {
          const double *x = p->X + i * p->n;
          double zi = b;

          for (gsize j = 0; j < p->n; j++)
            zi += w[j] * x[j];
          z[i] = zi;
          cost += ll_logistic_loss (zi, p->y[i]);
        }
      r->costs[t] = cost / (double) p->m;
      r->test_costs[t] = p->m_test > 0 ? direct_cost (w, b, p->X_test, p->y_test, p->n, p->m_test)
                                       : NAN;
      if (t > 0 && r->costs[t] - r->costs[t - 1] > LL_TRAINER_RISE_TOLERANCE * fabs (r->costs[t - 1]))
        {
          r->rises++;
          if (r->first_rise == 0)
            r->first_rise = t;
        }
      if (t == iterations)
        break;
      memset (dw, 0, sizeof (double) * p->n);
      for (gsize i = 0; i < p->m; i++)
        {
          const double *x = p->X + i * p->n;
          double residual = ll_sigmoid (z[i]) - p->y[i];

          residual_sum += residual;
          for (gsize j = 0; j < p->n; j++)
            dw[j] += residual * x[j];
        }
      for (gsize j = 0; j < p->n; j++)
        w[j] -= rate * dw[j] / (double) p->m;
      b -= rate * residual_sum / (double) p->m;
    }
}

/* What the progress callback saw of each run. */
typedef struct {
  const Problem *problem;
  guint k;
  guint n_first;
  GArray *first[4];        /* double: iterations 0, 1, ... below n_first */
  GArray *test_costs[4];   /* double per record point */
  GArray *iterations;      /* guint per record point */
  guint rises[4], first_rise[4];
  guint last_rises[4];
  gboolean snapshots;
} Seen;

static void
seen_init (Seen *seen, const Problem *problem, guint k, guint n_first)
{
  *seen = (Seen) { .problem = problem, .k = k, .n_first = n_first };
  for (guint j = 0; j < k; j++)
    {
      seen->first[j] = g_array_new (FALSE, FALSE, sizeof (double));
      seen->test_costs[j] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  seen->iterations = g_array_new (FALSE, FALSE, sizeof (guint));
}

static void
seen_clear (Seen *seen)
{
  for (guint j = 0; j < seen->k; j++)
    {
      g_array_unref (seen->first[j]);
      g_array_unref (seen->test_costs[j]);
    }
  g_array_unref (seen->iterations);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seen, seen_clear)

static gboolean
on_record (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  Seen *seen = user_data;

  g_assert_cmpuint (n_runs, ==, seen->k);
  g_array_append_val (seen->iterations, runs[0].iteration);
  for (guint j = 0; j < n_runs; j++)
    {
      const LlProgress *p = &runs[j];

      /* The dense costs continue the first iterations without a gap. */
      if (p->n_dense_costs > 0)
        {
          g_assert_nonnull (p->dense_costs);
          g_assert_cmpuint (p->dense_first, ==, seen->first[j]->len);
          g_assert_cmpuint (p->dense_first + p->n_dense_costs, <=, p->iteration);
        }
      g_array_append_vals (seen->first[j], p->dense_costs, p->n_dense_costs);
      if (p->iteration < seen->n_first)
        {
          g_assert_cmpuint (seen->first[j]->len, ==, p->iteration);
          g_array_append_val (seen->first[j], p->cost);
        }
      g_array_append_val (seen->test_costs[j], p->test_cost);
      g_assert_cmpuint (p->rises, >=, seen->last_rises[j]);
      seen->last_rises[j] = p->rises;
      seen->rises[j] = p->rises;
      seen->first_rise[j] = p->first_rise;
      if (seen->snapshots && seen->problem->m_test > 0)
        {
          /* The test cost of exactly the model of this record point. */
          const Problem *problem = seen->problem;
          double direct = direct_cost (p->w, p->b, problem->X_test, problem->y_test, problem->n,
                                       problem->m_test);

          g_assert_cmpfloat (fabs (p->test_cost - direct), <=, 1e-12 * MAX (1.0, direct));
        }
      else if (seen->problem->m_test == 0)
        g_assert_true (isnan (p->test_cost));
    }
  return TRUE;
}

static void
assert_close (double a, double b, double tolerance, const char *what, guint index)
{
  if (!(fabs (a - b) <= tolerance * MAX (1.0, fabs (b))))
    g_error ("%s %u: %.17g and %.17g differ by more than %g", what, index, a, b, tolerance);
}

/* Trains RATES on DATA with the first DENSE iterations' costs asked for and
 * checks everything the callback saw against the reference loop. */
static void
check_against_reference (const Problem *problem, const LlTrainData *data, LlTrainerForm form,
                         const double *rates, guint k, guint iterations, guint record_every,
                         double tolerance, gboolean snapshots)
{
  LlTrainParams params = {
    .learning_rates = rates, .n_rates = k, .iterations = iterations,
    .record_every = record_every, .form = form, .want_snapshots = snapshots,
    .dense_first_iterations = DENSE,
  };
  g_auto (Seen) seen;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = NULL;
  guint n_first = MIN (DENSE, iterations);

  seen_init (&seen, problem, k, n_first);
  seen.snapshots = snapshots;
  models = ll_train (data, &params, on_record, &seen, &error);
  g_assert_no_error (error);
  for (guint j = 0; j < k; j++)
    {
      g_auto (Reference) reference = { 0 };

      reference_run (problem, rates[j], iterations, &reference);
      g_test_message ("lr %g: %u rises (first at %u), reference %u (first at %u)", rates[j],
                      seen.rises[j], seen.first_rise[j], reference.rises, reference.first_rise);
      g_assert_cmpuint (seen.first[j]->len, ==, n_first);
      for (guint t = 0; t < n_first; t++)
        assert_close (g_array_index (seen.first[j], double, t), reference.costs[t], tolerance,
                      "first cost", t);
      for (guint r = 0; r < seen.iterations->len; r++)
        {
          guint t = g_array_index (seen.iterations, guint, r);

          if (problem->m_test > 0)
            assert_close (g_array_index (seen.test_costs[j], double, r), reference.test_costs[t],
                          tolerance, "test cost at iteration", t);
        }
      g_assert_cmpuint (seen.rises[j], ==, reference.rises);
      g_assert_cmpuint (seen.first_rise[j], ==, reference.first_rise);
    }
}

/* Rates that fall smoothly, oscillate, and oscillate wildly. */
static const double random_rates[] = { 0.5, 4, 12 };

static void
test_random_primal (void)
{
  g_autoptr (Problem) p = random_problem_new (24, 60, 20, 17);

  check_against_reference (p, &p->data, LL_TRAINER_FORM_PRIMAL, random_rates, 3, 400, 50,
                           1e-9, TRUE);
  check_against_reference (p, &p->pixel_data, LL_TRAINER_FORM_PRIMAL, random_rates, 3, 400, 50,
                           1e-9, FALSE);
}

static void
test_random_dual (void)
{
  /* More features than examples: the dual form, on one and two threads. */
  g_autoptr (Problem) p = random_problem_new (150, 120, 30, 23);

  check_against_reference (p, &p->data, LL_TRAINER_FORM_DUAL, random_rates, 3, 300, 64,
                           1e-9, TRUE);
  check_against_reference (p, &p->pixel_data, LL_TRAINER_FORM_DUAL, random_rates, 3, 300, 64,
                           1e-9, FALSE);
  /* Record points every iteration: no dense costs, the same rises. */
  check_against_reference (p, &p->pixel_data, LL_TRAINER_FORM_AUTO, random_rates, 3, 150, 1,
                           1e-9, FALSE);
}

static void
test_no_test_split (void)
{
  g_autoptr (Problem) p = random_problem_new (10, 40, 0, 5);

  check_against_reference (p, &p->data, LL_TRAINER_FORM_PRIMAL, random_rates, 2, 120, 200,
                           1e-9, FALSE);
}

/* The course's data at 0.005 and 0.01: the oscillation of the first steps
 * (0.693, 0.741, 0.753, 0.867, ...), the dual form from the pixels as the
 * app and the CLI run it. */
static void
test_cat_first_steps (void)
{
  g_autoptr (Problem) p = cat_problem_new ();
  const double rates[] = { 0.005, 0.01 };

  if (p == NULL)
    return;
  check_against_reference (p, &p->pixel_data, LL_TRAINER_FORM_AUTO, rates, 2, 100, 50,
                           1e-9, FALSE);
}

/* Asking for the dense costs, listening, or not: the same models to the bit. */
static void
assert_same_models (GPtrArray *a, GPtrArray *b)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint j = 0; j < a->len; j++)
    {
      const LlModel *x = g_ptr_array_index (a, j), *y = g_ptr_array_index (b, j);

      g_assert_cmpuint (x->n_features, ==, y->n_features);
      g_assert_cmpmem (x->w, sizeof (double) * x->n_features, y->w, sizeof (double) * y->n_features);
      g_assert_cmpmem (&x->b, sizeof x->b, &y->b, sizeof y->b);
      g_assert_cmpuint (x->n_costs, ==, y->n_costs);
      for (gsize i = 0; i < x->n_costs; i++)
        {
          g_assert_cmpuint (x->costs[i].iteration, ==, y->costs[i].iteration);
          g_assert_cmpmem (&x->costs[i].cost, sizeof (double), &y->costs[i].cost, sizeof (double));
        }
      g_assert_cmpmem (&x->train_accuracy, sizeof (double), &y->train_accuracy, sizeof (double));
      g_assert_cmpmem (&x->test_accuracy, sizeof (double), &y->test_accuracy, sizeof (double));
    }
}

static void
check_same_bits (const Problem *p, const LlTrainData *data, LlTrainerForm form)
{
  LlTrainParams params = {
    .learning_rates = random_rates, .n_rates = 3, .iterations = 333, .record_every = 40,
    .form = form, .n_threads = 1,
  };
  g_auto (Seen) seen;
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) plain = ll_train (data, &params, NULL, NULL, &error);
  g_autoptr (GPtrArray) dense = NULL;

  g_assert_no_error (error);
  seen_init (&seen, p, 3, DENSE);
  params.dense_first_iterations = DENSE;
  dense = ll_train (data, &params, on_record, &seen, &error);
  g_assert_no_error (error);
  assert_same_models (plain, dense);
}

static void
test_same_bits (void)
{
  g_autoptr (Problem) wide = random_problem_new (150, 120, 30, 3);
  g_autoptr (Problem) tall = random_problem_new (20, 90, 30, 4);

  check_same_bits (wide, &wide->data, LL_TRAINER_FORM_AUTO);
  check_same_bits (wide, &wide->pixel_data, LL_TRAINER_FORM_AUTO);
  check_same_bits (tall, &tall->data, LL_TRAINER_FORM_AUTO);
  check_same_bits (tall, &tall->pixel_data, LL_TRAINER_FORM_AUTO);
}

/* The test split scored only at the end on request: NAN before, the same
 * number at the end as when it is scored throughout. */
static gboolean
on_record_test_at_end (const LlProgress *runs, guint n_runs, gpointer user_data)
{
  double *final = user_data;
  guint iterations = 90;

  for (guint j = 0; j < n_runs; j++)
    if (runs[j].iteration < iterations)
      {
        g_assert_true (isnan (runs[j].test_cost));
        g_assert_true (isnan (runs[j].test_accuracy));
      }
    else
      final[j] = runs[j].test_cost;
  return TRUE;
}

static void
test_test_at_end_only (void)
{
  g_autoptr (Problem) p = random_problem_new (150, 120, 30, 9);
  LlTrainParams params = {
    .learning_rates = random_rates, .n_rates = 3, .iterations = 90, .record_every = 30,
    .test_at_end_only = TRUE,
  };
  double final[3];
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) models = ll_train (&p->pixel_data, &params, on_record_test_at_end, final,
                                           &error);

  g_assert_no_error (error);
  for (guint j = 0; j < 3; j++)
    {
      g_auto (Reference) r = { 0 };

      reference_run (p, random_rates[j], 90, &r);
      assert_close (final[j], r.test_costs[90], 1e-9, "final test cost", j);
    }
}

/* The cheap loss sum against the compensated one, also at huge |z|. */
static void
test_loss_sum (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (11);
  const gsize count = 5000;
  g_autofree double *z = g_new (double, count);
  g_autofree double *y = g_new (double, count);
  LlLossSum whole = LL_LOSS_SUM_INIT, merged = LL_LOSS_SUM_INIT;
  LlLossSum empty = LL_LOSS_SUM_INIT, zeros = LL_LOSS_SUM_INIT;
  double reference;

  for (gsize i = 0; i < count; i++)
    {
      double scale = i % 7 == 0 ? 800 : i % 3 == 0 ? 40 : 3;

      z[i] = g_rand_double_range (rand, -scale, scale);
      y[i] = g_rand_boolean (rand);
    }
  reference = ll_vlogistic_loss_sum (z, y, count);
  ll_loss_sum_add (&whole, z, y, count);
  for (gsize start = 0; start < count; start += 12)
    {
      LlLossSum part = LL_LOSS_SUM_INIT;

      ll_loss_sum_add (&part, z + start, y + start, MIN (12, count - start));
      ll_loss_sum_merge (&merged, &part);
    }
  g_assert_cmpfloat (fabs (ll_loss_sum_value (&whole) - reference), <=, 1e-14 * fabs (reference));
  g_assert_cmpfloat (fabs (ll_loss_sum_value (&merged) - reference), <=, 1e-14 * fabs (reference));
  /* Empty: nothing. Equal terms: m ln 2. */
  g_assert_cmpfloat (ll_loss_sum_value (&empty), ==, 0.0);

  /* Fused into the residuals (the dual iteration's way, in panels of 12
   * and ragged ends): the residuals' very bits, the same loss. */
  {
    g_autofree double *r_plain = g_new (double, count);
    g_autofree double *r_fused = g_new (double, count);
    LlLossSum fused = LL_LOSS_SUM_INIT, long_range = LL_LOSS_SUM_INIT;

    for (gsize start = 0; start < count; start += 13)
      {
        gsize n = MIN (13, count - start);
        LlLossSum part = LL_LOSS_SUM_INIT;
        double plain_sum = ll_vsigmoid_residual (z + start, y + start, r_plain + start, n);
        double fused_sum = ll_vsigmoid_residual_loss (z + start, y + start, r_fused + start, n,
                                                      &part);

        g_assert_cmpmem (&plain_sum, sizeof (double), &fused_sum, sizeof (double));
        ll_loss_sum_merge (&fused, &part);
      }
    g_assert_cmpmem (r_plain, sizeof (double) * count, r_fused, sizeof (double) * count);
    g_assert_cmpfloat (fabs (ll_loss_sum_value (&fused) - reference), <=, 1e-14 * fabs (reference));
    /* In place, as the trainer calls it, over one long range. */
    memcpy (r_fused, z, sizeof (double) * count);
    ll_vsigmoid_residual_loss (r_fused, y, r_fused, count, &long_range);
    g_assert_cmpmem (r_plain, sizeof (double) * count, r_fused, sizeof (double) * count);
    g_assert_cmpfloat (fabs (ll_loss_sum_value (&long_range) - reference), <=,
                       1e-14 * fabs (reference));
  }
  memset (z, 0, sizeof (double) * count);
  ll_loss_sum_add (&zeros, z, y, count);
  g_assert_cmpfloat (fabs (ll_loss_sum_value (&zeros) / count - G_LN2), <=, 4e-16);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trainer-trace/loss-sum", test_loss_sum);
  g_test_add_func ("/trainer-trace/random-primal", test_random_primal);
  g_test_add_func ("/trainer-trace/random-dual", test_random_dual);
  g_test_add_func ("/trainer-trace/no-test-split", test_no_test_split);
  g_test_add_func ("/trainer-trace/same-bits", test_same_bits);
  g_test_add_func ("/trainer-trace/test-at-end-only", test_test_at_end_only);
  g_test_add_func ("/trainer-trace/cat-first-steps", test_cat_first_steps);
  return g_test_run ();
}
