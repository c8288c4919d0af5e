//! Planning the buffers once: shapes inferred step by step, activation slots
//! shared by tensors whose lives do not overlap, the memory bound checked.

use super::*;

impl Model {
    pub(super) fn plan(
        mut shapes: Vec<Vec<usize>>,
        consts: Vec<Option<Vec<f32>>>,
        nodes: Vec<Node>,
        input: usize,
        outputs: Vec<usize>,
    ) -> Result<Model, NnError> {
        let nt = shapes.len();
        let mut model = Model {
            shapes: Vec::new(),
            consts,
            nodes: Vec::new(),
            plan: Vec::new(),
            slot_of: vec![usize::MAX; nt],
            slot_sizes: Vec::new(),
            scratch: 0,
            memory: Memory::default(),
            input,
            outputs,
        };
        // Shape inference in graph order; every value is written once, before use.
        let mut known: Vec<bool> = (0..nt).map(|t| model.consts[t].is_some()).collect();
        known[input] = true;
        numel(&shapes[input])?;
        nonempty(&shapes[input])?;
        let mut steps = Vec::with_capacity(nodes.len());
        let mut transient = 0usize;
        for node in &nodes {
            if node.inputs.iter().any(|&t| !known[t]) {
                return Err(malformed(format!(
                    "operator #{} reads a tensor not yet computed",
                    node.op_index
                )));
            }
            if known[node.output] {
                return Err(malformed(format!(
                    "operator #{} writes a tensor twice",
                    node.op_index
                )));
            }
            let in_shapes: Vec<Vec<usize>> =
                node.inputs.iter().map(|&t| shapes[t].clone()).collect();
            let refs: Vec<&[usize]> = in_shapes.iter().map(|s| s.as_slice()).collect();
            let (out_shape, scratch) = model.infer(node, &refs, &shapes[node.output])?;
            nonempty(&out_shape)?;
            let declared = &shapes[node.output];
            if !declared.is_empty() && *declared != out_shape {
                return Err(NnError::Shape(format!(
                    "operator #{} ({}) computes {out_shape:?}, the model says {declared:?}",
                    node.op_index, node.name
                )));
            }
            model.scratch = model.scratch.max(scratch);
            transient = transient.max(transient_bytes(node, &in_shapes, &out_shape)?);
            shapes[node.output] = out_shape.clone();
            known[node.output] = true;
            steps.push(Step {
                node: node.clone(),
                in_shapes,
                out_shape,
            });
        }
        if model
            .outputs
            .iter()
            .any(|&t| !known[t] || model.consts[t].is_some() || t == input)
        {
            return Err(malformed("an output is not computed by the graph"));
        }
        // Fuse a lone activation into the operator producing its input.
        let mut consumers = vec![0usize; nt];
        for s in &steps {
            for &t in &s.node.inputs {
                consumers[t] += 1;
            }
        }
        let mut producer = vec![usize::MAX; nt];
        let mut fused: Vec<Option<Step>> = Vec::with_capacity(steps.len());
        for step in steps {
            if let Kind::Activation = step.node.kind {
                let t = step.node.inputs[0];
                let p = producer[t];
                if p != usize::MAX && consumers[t] == 1 && !model.outputs.contains(&t) {
                    if let Some(prev) = fused[p].as_mut() {
                        let fusable = matches!(
                            prev.node.kind,
                            Kind::Conv { .. }
                                | Kind::Depthwise { .. }
                                | Kind::TransposeConv { .. }
                                | Kind::Add
                                | Kind::Mul
                        );
                        if fusable && prev.node.act == Act::None {
                            prev.node.act = step.node.act;
                            prev.node.output = step.node.output;
                            producer[step.node.output] = p;
                            continue;
                        }
                    }
                }
            }
            producer[step.node.output] = fused.len();
            fused.push(Some(step));
        }
        model.plan = fused.into_iter().flatten().collect();
        // Buffer planning: a value's buffer is free once its last reader has run.
        let mut last_use = vec![0usize; nt];
        for (i, s) in model.plan.iter().enumerate() {
            for &t in &s.node.inputs {
                last_use[t] = i;
            }
        }
        for &t in &model.outputs {
            last_use[t] = usize::MAX;
        }
        let mut free: Vec<usize> = Vec::new();
        let assign = |model: &mut Model, free: &mut Vec<usize>, t: usize| -> Result<(), NnError> {
            let need = numel(&shapes[t])?;
            let best = free
                .iter()
                .enumerate()
                .filter(|(_, &s)| model.slot_sizes[s] >= need)
                .min_by_key(|(_, &s)| model.slot_sizes[s])
                .map(|(i, _)| i);
            let pick = best.or_else(|| {
                free.iter()
                    .enumerate()
                    .max_by_key(|(_, &s)| model.slot_sizes[s])
                    .map(|(i, _)| i)
            });
            let slot = match pick {
                Some(i) => free.swap_remove(i),
                None => {
                    model.slot_sizes.push(0);
                    model.slot_sizes.len() - 1
                }
            };
            model.slot_sizes[slot] = model.slot_sizes[slot].max(need);
            model.slot_of[t] = slot;
            Ok(())
        };
        assign(&mut model, &mut free, input)?;
        let plan = std::mem::take(&mut model.plan);
        for (i, s) in plan.iter().enumerate() {
            assign(&mut model, &mut free, s.node.output)?;
            let mut ins = s.node.inputs.clone();
            ins.sort_unstable();
            ins.dedup();
            for t in ins {
                if last_use[t] == i && model.consts[t].is_none() {
                    free.push(model.slot_of[t]);
                }
            }
        }
        model.plan = plan;
        // The memory bound: every buffer a run holds, in checked arithmetic.
        let f32s = |n: usize| n.checked_mul(4);
        let activations = model
            .slot_sizes
            .iter()
            .try_fold(0usize, |a, &s| a.checked_add(s))
            .and_then(f32s);
        // and the list of outputs `run` returns
        let transient = product(
            &[model.outputs.len(), core::mem::size_of::<&[f32]>()],
            "outputs",
        )?
        .checked_add(transient)
        .ok_or_else(|| NnError::Unsupported("index tables: size overflows".into()))?;
        let run = activations.zip(f32s(model.scratch)).and_then(|(a, s)| {
            a.checked_add(s)
                .and_then(|t| t.checked_add(transient))
                .map(|t| (a, s, t))
        });
        let (activations, scratch) = match run {
            Some((a, s, total)) if total <= MAX_RUN_BYTES => (a, s),
            _ => {
                return Err(NnError::Unsupported(format!(
                    "the model needs more than {MAX_RUN_BYTES} bytes of buffers to run \
                     (activations, scratch and index tables)"
                )))
            }
        };
        // Constants no step reads (the weights, now packed into their steps) are dropped.
        let mut read = vec![false; nt];
        for n in &nodes {
            for &t in &n.inputs {
                read[t] = true;
            }
        }
        for (c, r) in model.consts.iter_mut().zip(&read) {
            if !r {
                *c = None;
            }
        }
        let weights = model
            .consts
            .iter()
            .flatten()
            .map(|c| c.len())
            .chain(nodes.iter().map(|n| n.kind.weight_floats()))
            .try_fold(0usize, |a, n| a.checked_add(n))
            .and_then(f32s)
            .ok_or_else(|| malformed("weights too large"))?;
        model.memory = Memory {
            weights,
            activations,
            scratch,
            transient,
        };
        model.shapes = shapes;
        model.nodes = nodes;
        Ok(model)
    }
}
