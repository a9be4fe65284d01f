-- The default rule set (Rules/classification.yaml) written as one SQL query, for the
-- side-by-side speed comparison in Benchmarks/classify.sh. Same indicators, windows, decay,
-- caps, overrides and bands; ages in whole months (a month-end edge may differ by a day).
-- 虚假承诺 (register.false-commitment) counts from the check that found it; repair decisions
-- that lift it are not modelled (the benchmark data has none).
DROP TABLE IF EXISTS sql_classification;
CREATE TABLE sql_classification AS
WITH params AS (SELECT :asof AS asof),
rec AS (
  SELECT r.*, p.asof,
    (CAST(substr(p.asof, 1, 4) AS INT) - CAST(substr(r.decision_date, 1, 4) AS INT)) * 12
      + (CAST(substr(p.asof, 6, 2) AS INT) - CAST(substr(r.decision_date, 6, 2) AS INT))
      - (CAST(substr(p.asof, 9, 2) AS INT) < CAST(substr(r.decision_date, 9, 2) AS INT)) AS age
  FROM record r, params p WHERE r.decision_date <= p.asof
),
pts AS (
  SELECT uscc,
    MIN(600, SUM(CASE WHEN category = 'penalty' AND pen_procedure = '普通程序' AND age < 36 THEN
      (((CASE
          WHEN pen_types LIKE '%限制开展生产经营活动%' OR pen_types LIKE '%责令停产停业%' OR pen_types LIKE '%责令关闭%' OR pen_types LIKE '%限制从业%' THEN 350
          WHEN pen_types LIKE '%暂扣许可证件%' OR pen_types LIKE '%降低资质等级%' OR pen_types LIKE '%吊销%' OR pen_types LIKE '%行政拘留%' THEN 300
          WHEN pen_types LIKE '%罚款%' OR pen_types LIKE '%没收%' THEN 120
          WHEN pen_types LIKE '%其他%' THEN 80
          ELSE 60 END)
       + (CASE WHEN COALESCE(pen_fine_fen, 0) + COALESCE(pen_confiscation_fen, 0) >= 50000000 THEN 150
               WHEN COALESCE(pen_fine_fen, 0) + COALESCE(pen_confiscation_fen, 0) >= 10000000 THEN 80
               WHEN COALESCE(pen_fine_fen, 0) + COALESCE(pen_confiscation_fen, 0) >= 1000000 THEN 30 ELSE 0 END))
      * (CASE WHEN age >= 24 THEN 30 WHEN age >= 12 THEN 60 ELSE 100 END) + 50) / 100 ELSE 0 END)) AS pen,
    MIN(60, SUM(CASE WHEN category = 'penalty' AND pen_procedure = '简易程序' AND age < 12 THEN 20 ELSE 0 END)) AS pen_summary,
    MIN(300, SUM(CASE WHEN category = 'penalty' AND pen_severity = '严重' AND age < 36 THEN 200 ELSE 0 END)) AS pen_serious,
    MIN(300, SUM(CASE WHEN category = 'coercion' AND coe_status = '执行中' AND (coe_until IS NULL OR coe_until >= asof) THEN 150 ELSE 0 END)) AS coe_in_force,
    MIN(120, SUM(CASE WHEN category = 'coercion' AND age < 24 THEN CASE WHEN age >= 12 THEN 20 ELSE 40 END ELSE 0 END)) AS coe_history,
    MIN(120, SUM(CASE WHEN category = 'adjudication' AND adj_at_fault = 1 AND age < 36 THEN CASE WHEN age >= 12 THEN 30 ELSE 60 END ELSE 0 END)) AS adj,
    MIN(200, SUM(CASE WHEN category = 'inspection' AND age < 24 THEN
      (CASE ins_result WHEN '未按规定公示应当公示的信息' THEN 80 WHEN '发现问题已责令改正' THEN 60 WHEN '发现问题待后续处理' THEN 120 ELSE 0 END)
      * (CASE WHEN age >= 12 THEN 50 ELSE 100 END) / 100 ELSE 0 END)) AS ins_problems,
    MIN(300, SUM(CASE WHEN category = 'inspection' AND ins_result = '公示信息隐瞒真实情况、弄虚作假' AND age < 36 THEN 200 ELSE 0 END)) AS ins_false,
    MIN(250, SUM(CASE WHEN category = 'inspection' AND ins_result = '通过登记的住所（经营场所）无法联系' AND age < 24 THEN 180 ELSE 0 END)) AS ins_unreachable,
    MIN(300, SUM(CASE WHEN category = 'inspection' AND ins_result = '不配合检查情节严重' AND age < 36 THEN 250 ELSE 0 END)) AS ins_refused,
    MAX(-105, SUM(CASE WHEN category = 'inspection' AND ins_result = '未发现问题' AND age < 24 THEN -35 ELSE 0 END)) AS ins_clean,
    MIN(300, SUM(CASE WHEN category = 'licensing' AND lic_status IN ('吊销', '撤销') AND age < 36 THEN 150 ELSE 0 END)) AS lic_revoked,
    MAX(-200, SUM(CASE WHEN category = 'reward' AND age < 36 THEN
      CASE rew_level WHEN '国家级' THEN -150 WHEN '省级' THEN -100 WHEN '市级' THEN -60 WHEN '县级' THEN -30 ELSE -20 END ELSE 0 END)) AS reward,
    MAX(-30, SUM(CASE WHEN category = 'confirmation' AND age < 24 THEN -10 ELSE 0 END)) AS confirmation,
    MAX(CASE WHEN category = 'penalty' AND age < 12 AND (pen_violation LIKE '%重大安全事故%' OR pen_violation LIKE '%重大生产安全事故%') THEN 1 ELSE 0 END) AS accident
  FROM rec GROUP BY uscc
),
scored AS (
  SELECT e.uscc, e.serious, e.dishonest_debtor, e.abnormal, COALESCE(p.accident, 0) AS accident,
    MAX(0, MIN(1000, 250 + (CASE WHEN e.status = '吊销' THEN 200 ELSE 0 END) + (CASE WHEN e.abnormal THEN 150 ELSE 0 END)
      + COALESCE(p.pen, 0) + COALESCE(p.pen_summary, 0) + COALESCE(p.pen_serious, 0) + COALESCE(p.coe_in_force, 0)
      + COALESCE(p.coe_history, 0) + COALESCE(p.adj, 0) + COALESCE(p.ins_problems, 0) + COALESCE(p.ins_false, 0)
      + COALESCE(p.ins_unreachable, 0) + COALESCE(p.ins_refused, 0) + COALESCE(p.ins_clean, 0) + COALESCE(p.lic_revoked, 0)
      + COALESCE(p.reward, 0) + COALESCE(p.confirmation, 0)
      + (CASE WHEN EXISTS (SELECT 1 FROM commitment c, params q WHERE c.uscc = e.uscc AND c.outcome = '虚假承诺' AND c.checked_on <= q.asof)
              THEN 150 ELSE 0 END))) AS score
  FROM enterprise e LEFT JOIN pts p ON p.uscc = e.uscc
),
banded AS (
  SELECT *, CASE WHEN score < 200 THEN 0 WHEN score < 500 THEN 1 WHEN score < 750 THEN 2 ELSE 3 END AS score_rank FROM scored
)
SELECT uscc, score,
  substr('ABCD', 1 + CASE WHEN serious OR dishonest_debtor THEN 3
    ELSE MIN(3, MAX(score_rank, CASE WHEN abnormal THEN 2 ELSE 0 END) + 2 * accident) END, 1) AS class
FROM banded;
